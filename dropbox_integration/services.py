"""Verbs of the Dropbox connection: connect, disconnect, re-encrypt tokens, and the record of every
action taken on a customer's Dropbox."""

import logging
from dataclasses import dataclass
from typing import Any

import dropbox
import requests
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dropbox_integration.client import forget_clients, team_client_for_token
from dropbox_integration.crypto import SecretUnreadable, reencrypt_secret
from dropbox_integration.errors import DropboxAlreadyConnected, DropboxUnavailable
from dropbox_integration.models import DropboxAction, DropboxConnection
from dropbox_integration.retry import with_retries
from dropbox_integration.selectors import dropbox_connection_get, forget_team_overview
from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.services import audit_log

logger = logging.getLogger(__name__)


def dropbox_action_record(
    *,
    engagement: Engagement,
    user: AbstractBaseUser | None,
    action: str,
    target: str = "",
    result: str = DropboxAction.Result.OK,
    reason: str = "",
    detail: dict[str, Any] | None = None,
) -> DropboxAction:
    """Append one row to the audit of actions taken on the engagement's Dropbox.

    Called by every app that acts there (connect and disconnect here; the migration's jobs; later
    licensing) with the action as a slug (`DropboxAction.Action` holds the known ones), what it
    acted on (`target`: a folder, the team), and the result: ok, or failed with the reason.
    Inside the caller's transaction when there is one, so an action rolled back leaves no row.
    No personal data of the customer's people goes into it: the audit is never anonymised.
    """
    actor = user if user is not None and user.is_authenticated else None
    row = DropboxAction(
        engagement=engagement,
        engagement_reference=engagement.reference,
        user=actor,
        user_name=actor.get_username() if actor else "",
        action=action,
        target=target[:500],
        result=result,
        reason=reason,
        detail=detail or {},
    )
    row.full_clean(exclude=["engagement", "user"])
    row.save()
    return row


@dataclass(frozen=True)
class TeamIdentity:
    team_id: str
    team_name: str
    admin_member_id: str
    admin_account_id: str
    admin_email: str
    root_namespace_id: str


def dropbox_team_identity_fetch(*, refresh_token: str) -> TeamIdentity:
    """Ask Dropbox who the token belongs to.

    1. team/get_info: the team's id and name.
    2. team/token/get_authenticated_admin: the admin who approved the app; files calls act as them.
    3. users/get_current_account as that admin: the root namespace, i.e. the team space.
    """
    team = team_client_for_token(refresh_token)
    info = with_retries(team.team_get_info)
    admin = with_retries(team.team_token_get_authenticated_admin).admin_profile
    account = with_retries(team.as_admin(admin.team_member_id).users_get_current_account)
    return TeamIdentity(
        team_id=info.team_id,
        team_name=info.name,
        admin_member_id=admin.team_member_id,
        admin_account_id=admin.account_id or account.account_id,
        admin_email=admin.email or account.email or "",
        root_namespace_id=account.root_info.root_namespace_id,
    )


def dropbox_connection_create(
    *,
    engagement: Engagement,
    user: AbstractBaseUser | None,
    refresh_token: str,
    scopes: list[str] | None = None,
    identity: TeamIdentity | None = None,
) -> DropboxConnection:
    """Store the connection of an engagement to the Dropbox team the refresh token belongs to.

    1. Outside any transaction, read the team's identity from Dropbox (unless given).
    2. Lock the engagement row, refuse when it is already connected, save and audit.
    If the engagement was connected meanwhile, the new token is revoked so it does not linger.
    Raises DropboxAlreadyConnected, DropboxUnavailable, DropboxAccessLost.
    """
    try:
        if identity is None:
            identity = dropbox_team_identity_fetch(refresh_token=refresh_token)
    except DomainError as error:
        dropbox_action_record(
            engagement=engagement,
            user=user,
            action=DropboxAction.Action.CONNECT_FAILED,
            result=DropboxAction.Result.FAILED,
            reason=error.message,
        )
        raise
    try:
        return _connection_save(
            engagement=engagement, user=user, refresh_token=refresh_token, scopes=scopes, identity=identity
        )
    except DropboxAlreadyConnected as error:
        dropbox_action_record(
            engagement=engagement,
            user=user,
            action=DropboxAction.Action.CONNECT_FAILED,
            target=identity.team_name,
            result=DropboxAction.Result.FAILED,
            reason=error.message,
        )
        _revoke_quietly(
            refresh_token=refresh_token,
            admin_member_id=identity.admin_member_id,
            reason="engagement already connected",
        )
        raise


@transaction.atomic
def _connection_save(
    *,
    engagement: Engagement,
    user: AbstractBaseUser | None,
    refresh_token: str,
    scopes: list[str] | None,
    identity: TeamIdentity,
) -> DropboxConnection:
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if DropboxConnection.objects.filter(engagement=locked).exists():
        raise DropboxAlreadyConnected(
            _("The engagement %(reference)s is already connected to Dropbox. Disconnect it first.")
            % {"reference": locked.reference}
        )
    connection = DropboxConnection(
        engagement=locked,
        team_id=identity.team_id,
        team_name=identity.team_name,
        admin_member_id=identity.admin_member_id,
        admin_account_id=identity.admin_account_id,
        admin_email=identity.admin_email,
        root_namespace_id=identity.root_namespace_id,
        scopes=sorted(scopes or []),
        connected_by=user if user is not None and user.is_authenticated else None,
        connected_at=timezone.now(),
    )
    connection.set_refresh_token(refresh_token)
    connection.full_clean(exclude=["engagement"])
    connection.save()
    audit_log(
        action="dropbox.connected",
        user=user,
        engagement=locked,
        details={"team_id": identity.team_id, "team_name": identity.team_name, "admin": identity.admin_email},
    )
    dropbox_action_record(
        engagement=locked,
        user=user,
        action=DropboxAction.Action.CONNECTED,
        target=identity.team_name,
        detail={"team_id": identity.team_id, "scopes": len(connection.scopes)},
    )
    return connection


def dropbox_disconnect(*, engagement: Engagement, user: AbstractBaseUser | None) -> None:
    """Disconnect the engagement from Dropbox.

    1. Revoke the token at Dropbox (auth/token/revoke), best effort: an unreachable Dropbox or an
       already revoked token must not keep an admin from disconnecting.
    2. Delete the row and write the audit entry, in one transaction.
    3. Forget the cached clients and team overview.
    Raises DropboxNotConnected when there is nothing to disconnect.
    """
    connection = dropbox_connection_get(engagement=engagement)
    revoked = False
    try:
        revoked = _revoke_quietly(
            refresh_token=connection.refresh_token(),
            admin_member_id=connection.admin_member_id,
            reason="disconnect",
        )
    except SecretUnreadable:
        logger.warning("Dropbox connection %s: token unreadable with the configured keys", connection.pk)
    with transaction.atomic():
        deleted, _counts = DropboxConnection.objects.filter(pk=connection.pk).delete()
        if deleted:
            audit_log(
                action="dropbox.disconnected",
                user=user,
                engagement=engagement,
                details={
                    "team_id": connection.team_id,
                    "team_name": connection.team_name,
                    "revoked": revoked,
                },
            )
            dropbox_action_record(
                engagement=engagement,
                user=user,
                action=DropboxAction.Action.DISCONNECTED,
                target=connection.team_name,
                detail={"team_id": connection.team_id, "token_revoked": revoked},
            )
    forget_clients(engagement)
    forget_team_overview(connection)


def _revoke_quietly(*, refresh_token: str, admin_member_id: str, reason: str) -> bool:
    """Revoke a token; True when Dropbox confirmed. Never raises for Dropbox's answers.

    auth/token/revoke is a user route: a team token calls it acting as the admin, and it
    disables the refresh token with every access token issued from it.
    """
    team = team_client_for_token(refresh_token, timeout=10)
    try:
        with_retries(team.as_admin(admin_member_id).auth_token_revoke)
    except (
        DropboxUnavailable,
        dropbox.exceptions.DropboxException,
        requests.exceptions.RequestException,
    ) as error:
        # Log the kind of failure only: the message of some SDK errors echoes the request.
        logger.warning("Dropbox token not revoked (%s): %s", reason, type(error).__name__)
        return False
    except Exception as error:  # noqa: BLE001 - a revoke must never break a disconnect
        logger.warning("Dropbox token not revoked (%s): %s", reason, type(error).__name__)
        return False
    return True


def dropbox_tokens_reencrypt() -> int:
    """Re-encrypt every stored refresh token under the first FIELD_ENCRYPTION_KEY (key rotation).

    Returns how many were rewritten.
    """
    rewritten = 0
    for connection in DropboxConnection.objects.only("pk", "refresh_token_encrypted"):
        with transaction.atomic():
            connection.refresh_token_encrypted = reencrypt_secret(connection.refresh_token_encrypted)
            connection.save(update_fields=["refresh_token_encrypted"])
        rewritten += 1
    return rewritten
