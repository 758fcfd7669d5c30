"""Sandbox rows -> the SDK's Stone objects (the only place that knows both)."""

from dropbox import common, files, team, team_policies, users, users_common
from dropbox import sharing as sharing_types

from . import accounts, paths
from .store import from_text


def name_of(member) -> users.Name:
    given, surname = member["given_name"], member["surname"]
    display = f"{given} {surname}".strip()
    initials = "".join(part[:1] for part in (given, surname) if part).upper() or "?"
    return users.Name(
        given_name=given,
        surname=surname,
        familiar_name=given or display,
        display_name=display,
        abbreviated_name=initials,
    )


def team_sharing_policies() -> team_policies.TeamSharingPolicies:
    policies = team_policies
    return policies.TeamSharingPolicies(
        shared_folder_member_policy=policies.SharedFolderMemberPolicy.anyone,
        shared_folder_join_policy=policies.SharedFolderJoinPolicy.from_anyone,
        shared_link_create_policy=policies.SharedLinkCreatePolicy.default_public,
        group_creation_policy=policies.GroupCreation.admins_only,
        shared_folder_link_restriction_policy=policies.SharedFolderBlanketLinkRestrictionPolicy.anyone,
        enforce_link_password_policy=policies.EnforceLinkPasswordPolicy.optional,
        default_link_expiration_days_policy=policies.DefaultLinkExpirationDaysPolicy.none,
        shared_link_default_permissions_policy=policies.SharedLinkDefaultPermissionsPolicy.default,
    )


def team_member_policies() -> team_policies.TeamMemberPolicies:
    return team_policies.TeamMemberPolicies(
        sharing=team_sharing_policies(),
        emm_state=team_policies.EmmState.disabled,
        office_addin=team_policies.OfficeAddInPolicy.disabled,
        suggest_members_policy=team_policies.SuggestMembersPolicy.enabled,
        top_level_content_policy=team_policies.TopLevelContentPolicy.admin_only,
    )


def root_info(store, member) -> common.TeamRootInfo:
    team_row = accounts.team_row(store, member["team_id"])
    return common.TeamRootInfo(
        root_namespace_id=team_row["root_ns"],
        home_namespace_id=member["home_ns"],
        home_path="/" + accounts.display_name(member),
    )


def member_profile(store, member) -> team.TeamMemberProfile:
    groups = [
        row[0]
        for row in store.db.execute("SELECT group_id FROM group_members WHERE member_id = ?", (member["id"],))
    ]
    if member["status"] == "active":
        status = team.TeamMemberStatus.active
    elif member["status"] == "invited":
        status = team.TeamMemberStatus.invited
    else:
        status = team.TeamMemberStatus.removed(team.RemovedStatus(is_recoverable=True, is_disconnected=False))
    joined = from_text(member["joined_on"])
    return team.TeamMemberProfile(
        team_member_id=member["id"],
        email=member["email"],
        email_verified=True,
        status=status,
        name=name_of(member),
        membership_type=team.TeamMembershipType.full,
        groups=groups,
        member_folder_id=member["home_ns"],
        root_folder_id=accounts.team_row(store, member["team_id"])["root_ns"],
        external_id=member["external_id"],
        account_id=member["account_id"],
        invited_on=joined,
        joined_on=joined if member["status"] != "invited" else None,
    )


ROLE_NAMES = {"team_admin": "Team", "member_only": "Member"}


def member_info_v2(store, member) -> team.TeamMemberInfoV2:
    roles = []
    if member["role"] == "team_admin":
        roles.append(
            team.TeamMemberRole(role_id="pid_dbtmr:team_admin", name="Team", description="Team admin")
        )
    return team.TeamMemberInfoV2(profile=member_profile(store, member), roles=roles)


def full_account(store, member) -> users.FullAccount:
    team_row = accounts.team_row(store, member["team_id"])
    return users.FullAccount(
        account_id=member["account_id"],
        name=name_of(member),
        email=member["email"],
        email_verified=True,
        disabled=False,
        locale="sv",
        referral_link="https://www.dropbox.com/referrals/sandbox",
        is_paired=False,
        account_type=users_common.AccountType.business,
        root_info=root_info(store, member),
        country="SE",
        team=users.FullTeam(
            id=team_row["id"],
            name=team_row["name"],
            sharing_policies=team_sharing_policies(),
            office_addin_policy=team_policies.OfficeAddInPolicy.disabled,
            top_level_content_policy=team_policies.TopLevelContentPolicy.admin_only,
        ),
        team_member_id=member["id"],
    )


# --- files ------------------------------------------------------------------------------------
def _relative_display(entry, prefix_lower: str) -> str:
    return entry["path_display"][len(prefix_lower) :]


def metadata(entry, prefix_lower: str = "", *, parent_shared_folder_id: str | None = None):
    """FileMetadata or FolderMetadata for an `entries` row, with paths relative to the caller's root."""
    display = _relative_display(entry, prefix_lower)
    lower = entry["path_lower"][len(prefix_lower) :]
    name = display.rsplit("/", 1)[-1]
    if entry["is_folder"]:
        sharing_info = None
        if entry["shared_ns"] or parent_shared_folder_id:
            sharing_info = files.FolderSharingInfo(
                read_only=False,
                parent_shared_folder_id=parent_shared_folder_id,
                shared_folder_id=entry["shared_ns"],
            )
        return files.FolderMetadata(
            name=name,
            id=entry["id"],
            path_lower=lower,
            path_display=display,
            shared_folder_id=entry["shared_ns"],
            sharing_info=sharing_info,
        )
    return files.FileMetadata(
        name=name,
        id=entry["id"],
        client_modified=from_text(entry["client_modified"]),
        server_modified=from_text(entry["server_modified"]),
        rev=entry["rev"],
        size=entry["size"],
        path_lower=lower,
        path_display=display,
        parent_shared_folder_id=parent_shared_folder_id,
        sharing_info=(
            files.FileSharingInfo(read_only=False, parent_shared_folder_id=parent_shared_folder_id)
            if parent_shared_folder_id
            else None
        ),
        is_downloadable=True,
        content_hash=entry["content_hash"],
    )


def deleted_metadata(path_display: str, prefix_lower: str = ""):
    display = path_display[len(prefix_lower) :]
    return files.DeletedMetadata(
        name=display.rsplit("/", 1)[-1], path_lower=paths.lower(display), path_display=display
    )


def shared_folder_access(access: str):
    return getattr(sharing_types.AccessLevel, access)
