"""users/* and auth/*: who the caller is, and revoking their token."""

from dropbox import auth, users

from .accounts import revoke_family
from .routing import handles
from .shapes import full_account


@handles(users.get_current_account)
def get_current_account(call):
    return full_account(call.store, call.member)


@handles(users.get_space_usage)
def get_space_usage(call):
    used = call.store.db.execute(
        "SELECT coalesce(sum(e.size), 0) FROM entries e JOIN namespaces n ON n.id = e.ns WHERE n.team_id = ?",
        (call.team["id"],),
    ).fetchone()[0]
    allocated = call.team["num_licensed_users"] * 5 * 1024**4
    allocation = users.SpaceAllocation.team(
        users.TeamSpaceAllocation(
            used=used,
            allocated=allocated,
            user_within_team_space_allocated=0,
            user_within_team_space_limit_type=_limit_type(),
            user_within_team_space_used_cached=0,
        )
    )
    return users.SpaceUsage(used=used, allocation=allocation)


def _limit_type():
    from dropbox import team_common

    return team_common.MemberSpaceLimitType.off


@handles(auth.token_revoke)
def token_revoke(call):
    """Revoke the calling access token, its siblings and the refresh token they came from."""
    revoke_family(call.store, call.token["family"])
