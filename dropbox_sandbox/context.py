"""Who is calling and where their paths point: tokens, select headers and Path-Root."""

from dataclasses import dataclass
from pathlib import Path

from dropbox import common
from dropbox.stone_serializers import json_decode

from . import accounts
from .paths import SandboxPath
from .store import from_text, utcnow
from .wire import auth_error, bad_request, path_root_error


@dataclass
class Location:
    """A client path resolved to where it is stored: namespace + key, and how to show it back."""

    storage_ns: str
    prefix_lower: str  # the namespace's mount point inside storage_ns ("" for a root)
    path: SandboxPath  # relative to the namespace the client addressed

    @property
    def key(self) -> str:
        return self.prefix_lower + self.path.lower

    def at(self, path: SandboxPath) -> "Location":
        return Location(self.storage_ns, self.prefix_lower, path)


@dataclass
class Call:
    server: object
    route: object
    url_name: str
    arg: object
    team: object  # teams row
    member: object | None  # the acting member (user token, Select-User or Select-Admin)
    as_admin: bool
    token: object
    namespace: object | None  # namespaces row paths resolve in (None for team-only calls)
    body_path: Path | None = None
    body_hash: str | None = None
    body_size: int = 0
    body_chunk: str | None = None  # set when the body was kept as an upload-session chunk

    @property
    def store(self):
        return self.server.store

    def location(self, path: SandboxPath) -> Location:
        ns = self.namespace
        return Location(ns["storage_ns"], ns["prefix_lower"], path)


def authenticate(store, route, url_name: str, headers) -> tuple:
    """Return (token row, team row, acting member or None, as_admin) or raise a Dropbox-style error."""
    auth_types = [part.strip() for part in (route.attrs.get("auth") or "user").split(",")]
    if auth_types == ["noauth"]:
        return None, None, None, False
    authorization = headers.get("Authorization", "")
    if not authorization.startswith("Bearer "):
        raise bad_request(
            f'Error in call to API function "{url_name}": Must provide HTTP header "Authorization" '
            'or URL parameter "authorization".'
        )
    token = accounts.token_row(store, authorization[len("Bearer ") :].strip(), "access")
    if token is None:
        raise auth_error("invalid_access_token")
    if from_text(token["expires_at"]) <= utcnow():
        raise auth_error("expired_access_token")
    team = accounts.team_row(store, token["team_id"])
    select_user = headers.get("Dropbox-API-Select-User")
    select_admin = headers.get("Dropbox-API-Select-Admin")
    if token["member_id"]:
        if select_user or select_admin:
            raise bad_request(
                f'Error in call to API function "{url_name}": Unexpected select user header. '
                "The access token is for a single user, not a team."
            )
        if "user" not in auth_types:
            raise bad_request(
                f'Error in call to API function "{url_name}": This API function operates on a team, '
                "but the OAuth 2 access token you provided is for a single user."
            )
        member = accounts.member_row(store, token["member_id"])
        if member is None or member["status"] != "active":
            raise auth_error("user_suspended")
        return token, team, member, False
    if not (select_user or select_admin):
        if "team" in auth_types:
            return token, team, None, False
        raise bad_request(
            f'Error in call to API function "{url_name}": This API function operates on a single Dropbox '
            "account, but the OAuth 2 access token you provided is for an entire Dropbox Business team. "
            "Since your API app key has team member file access permissions, you can operate on a team "
            'member\'s Dropbox by providing the "Dropbox-API-Select-User" HTTP header or '
            '"select_user" URL parameter.'
        )
    member_id = select_admin or select_user
    member = accounts.find_member(store, team["id"], member_id=member_id)
    # Dropbox lets a team app act as a member who is invited but has not joined yet.
    if (
        member is None
        or member["status"] not in accounts.SEATED
        or (select_admin and member["status"] != "active")
    ):
        raise bad_request(
            f'Error in call to API function "{url_name}": Invalid select user id format or member not found.'
        )
    if select_admin and member["role"] != "team_admin":
        raise bad_request(
            f'Error in call to API function "{url_name}": Dropbox-API-Select-Admin must name a team admin.'
        )
    return token, team, member, bool(select_admin)


def path_root_namespace(store, team, member, as_admin: bool, header: str | None):
    """The namespace a member's paths resolve in: home by default, or what Path-Root names."""
    if member is None:
        return None
    home = accounts.namespace_row(store, member["home_ns"])
    if not header:
        return home
    try:
        path_root = json_decode(common.PathRoot_validator, header)
    except Exception as error:  # noqa: BLE001 - any decode failure is the client's bad header
        raise bad_request(f"Invalid Dropbox-API-Path-Root header: {error}") from None
    root_info = common.TeamRootInfo(
        root_namespace_id=team["root_ns"],
        home_namespace_id=member["home_ns"],
        home_path="/" + accounts.display_name(member),
    )
    if path_root.is_home():
        return home
    if path_root.is_root():
        if path_root.get_root() != team["root_ns"]:
            raise path_root_error(common.PathRootError.invalid_root(root_info))
        return accounts.namespace_row(store, team["root_ns"])
    if path_root.is_namespace_id():
        namespace = accounts.namespace_row(store, path_root.get_namespace_id())
        if (
            namespace is None
            or namespace["team_id"] != team["id"]
            or not can_access(store, member, as_admin, namespace)
        ):
            raise path_root_error(common.PathRootError.no_permission)
        return namespace
    raise bad_request("Unsupported Dropbox-API-Path-Root tag")


def can_access(store, member, as_admin: bool, namespace) -> bool:
    if as_admin or namespace["kind"] == "team_root" or namespace["owner_member"] == member["id"]:
        return True
    return accounts.member_access(store, member, namespace) is not None
