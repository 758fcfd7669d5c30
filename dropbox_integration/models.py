"""The link between an engagement and the customer's Dropbox team.

No `dropbox` import here: the SDK reads its hosts from the environment when first imported,
so importing models must never import it early (see settings.py).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dropbox_integration.crypto import decrypt_secret, encrypt_secret
from engagements.models import Engagement


class DropboxConnection(models.Model):
    """One per engagement: the customer's Dropbox team, connected by a team admin through OAuth.

    The refresh token is stored encrypted (dropbox_integration.crypto) and is never rendered,
    logged, shown in the admin or in repr(); read it with `refresh_token()` only where a client
    is built (dropbox_integration.client, the revoke in services).
    """

    engagement = models.OneToOneField(
        Engagement,
        on_delete=models.CASCADE,
        related_name="dropbox_connection",
        verbose_name=_("engagement"),
    )
    team_id = models.CharField(_("team id"), max_length=100)
    team_name = models.CharField(_("team name"), max_length=200)
    admin_member_id = models.CharField(
        _("admin team member id"),
        max_length=100,
        help_text=_("The team admin the app acts as for files (Dropbox-API-Select-Admin)."),
    )
    admin_account_id = models.CharField(_("admin account id"), max_length=100)
    admin_email = models.EmailField(_("admin e-mail"), blank=True)
    root_namespace_id = models.CharField(
        _("team space namespace id"),
        max_length=100,
        help_text=_("The team space root; file paths are relative to it (Dropbox-API-Path-Root)."),
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    refresh_token_encrypted = models.TextField(editable=False)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("connected by"),
    )
    connected_at = models.DateTimeField(_("connected at"), default=timezone.now)

    class Meta:
        verbose_name = _("Dropbox connection")
        verbose_name_plural = _("Dropbox connections")

    def __str__(self) -> str:
        return f"{self.team_name} ({self.team_id})"

    def __repr__(self) -> str:
        # Spelled out so the token can never reach a log line or a traceback through repr().
        return f"<DropboxConnection pk={self.pk} engagement_id={self.engagement_id} team_id={self.team_id}>"

    def set_refresh_token(self, token: str) -> None:
        self.refresh_token_encrypted = encrypt_secret(token)

    def refresh_token(self) -> str:
        return decrypt_secret(self.refresh_token_encrypted)

    # A template that names either method gets nothing, rather than the token.
    set_refresh_token.alters_data = True
    refresh_token.alters_data = True
