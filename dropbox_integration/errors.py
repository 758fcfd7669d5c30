"""Errors of the Dropbox layer, each with a sentence a user can read."""

from engagements.errors import DomainError


class DropboxNotConnected(DomainError):
    """The engagement has no Dropbox connection (yet, or any more)."""


class DropboxAlreadyConnected(DomainError):
    pass


class DropboxUnavailable(DomainError):
    """Dropbox (or the sandbox) could not be reached, or kept failing, after every retry."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        super().__init__(message)
        self.retry_after = retry_after


class DropboxConnectFailed(DomainError):
    """The OAuth flow did not end in a usable connection (denied, expired, wrong account...)."""


class DropboxAccessLost(DomainError):
    """Dropbox refuses the stored token (revoked, unlinked, admin demoted, scope missing)."""
