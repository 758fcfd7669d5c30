"""team/*: the team, its members and groups (team folders are in routes_team_folders)."""

from dropbox import team

from . import accounts
from .routing import handles
from .shapes import member_profile, team_member_policies


@handles(team.get_info)
def get_info(call):
    used = len(accounts.active_members(call.store, call.team["id"]))
    return team.TeamGetInfoResult(
        name=call.team["name"],
        team_id=call.team["id"],
        num_licensed_users=call.team["num_licensed_users"],
        num_provisioned_users=used,
        num_used_licenses=used,
        policies=team_member_policies(),
    )


@handles(team.token_get_authenticated_admin)
def token_get_authenticated_admin(call):
    """The admin who approved the team token: the team's first admin in the sandbox."""
    admins = [m for m in accounts.active_members(call.store, call.team["id"]) if m["role"] == "team_admin"]
    if not admins:
        from .wire import RouteError

        raise RouteError(team.TokenGetAuthenticatedAdminError.admin_not_active)
    return team.TokenGetAuthenticatedAdminResult(admin_profile=member_profile(call.store, admins[0]))
