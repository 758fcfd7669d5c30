"""Every Dropbox call of the migration engine goes through here: the connection layer's
retry policy (`with_retries`, the one place that retries) around each attempt, and around
each attempt the team-wide limiter, so a `Retry-After` one worker hears is honoured by all.
"""

from contextlib import nullcontext

from dropbox.exceptions import RateLimitError

from dropbox_integration.client import files_client
from dropbox_integration.models import DropboxConnection
from dropbox_integration.retry import with_retries
from migration.transfer.limiter import LimiterBase, limiter_for_team

# Dropbox sends Retry-After with its 429s; when it does not, wait this long.
DEFAULT_BACK_OFF_SECONDS = 1.0
TEAM_SPACE_NAMESPACE = "team-space"


class DropboxCaller:
    def __init__(self, dbx, limiter: LimiterBase, *, namespace: str = TEAM_SPACE_NAMESPACE):
        self.dbx = dbx
        self.limiter = limiter
        self.namespace = namespace

    def _attempt(self, method_name: str, *, write: bool):
        method = getattr(self.dbx, method_name)
        limiter = self.limiter

        def attempt(*args, **kwargs):
            slot = limiter.write_slot() if write else nullcontext()
            if not write:
                limiter.wait_for_back_off()
            with slot:
                try:
                    return method(*args, **kwargs)
                except RateLimitError as error:
                    limiter.back_off(error.backoff or DEFAULT_BACK_OFF_SECONDS)
                    raise

        return attempt

    def read(self, method_name: str, *args, **kwargs):
        return with_retries(self._attempt(method_name, write=False), *args, **kwargs)

    def write(self, method_name: str, *args, **kwargs):
        return with_retries(self._attempt(method_name, write=True), *args, **kwargs)

    def commit(self, method_name: str, *args, **kwargs):
        """A batch commit: one at a time per namespace, team-wide."""
        with self.limiter.commit_lock(self.namespace):
            return self.write(method_name, *args, **kwargs)


def caller_for(engagement) -> DropboxCaller:
    """The engagement's Dropbox caller: its team's limiter, its root namespace."""
    connection = DropboxConnection.objects.get(engagement=engagement)
    return DropboxCaller(
        files_client(engagement),
        limiter_for_team(connection.team_id),
        namespace=connection.root_namespace_id,
    )
