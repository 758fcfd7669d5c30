class DomainError(Exception):
    """A rule of the business was broken. The message is a sentence a user can read."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class PhaseTransitionError(DomainError):
    pass


class ContactInvitationError(DomainError):
    """A contact could not be given a login or sent a sign-in link; the message says why."""
