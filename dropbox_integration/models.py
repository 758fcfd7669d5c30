"""The link between an engagement and the customer's Dropbox team.

No `dropbox` import here: the SDK reads its hosts from the environment when first imported,
so importing models must never import it early (see dropbox_integration/sdk_hosts.py).
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


class AppendOnlyError(Exception):
    """An audit row was to be changed or deleted; it may only be added."""


class DropboxActionQuerySet(models.QuerySet):
    # A bulk update or delete would go around the model's refusal below.
    def update(self, **kwargs):
        raise AppendOnlyError("Dropbox actions are append-only.")

    def delete(self):
        raise AppendOnlyError("Dropbox actions are append-only.")


class DropboxActionResult(models.TextChoices):
    OK = "ok", _("OK")
    FAILED = "failed", _("Failed")


class DropboxAction(models.Model):
    """One action taken on a customer's Dropbox: who, when, on which engagement, what, the result.

    Append-only: a row is written once by `dropbox_action_record` and never changed or deleted
    (save() of a stored row, delete(), and the queryset's update() and delete() raise). The
    engagement's reference is kept beside the link, so the row still says whose Dropbox it was
    if the engagement is ever deleted; likewise the actor's name.
    """

    class Action(models.TextChoices):
        CONNECTED = "connected", _("Connected")
        CONNECT_FAILED = "connect_failed", _("Connection failed")
        DISCONNECTED = "disconnected", _("Disconnected")
        BULK_STARTED = "bulk_started", _("Bulk migration started")
        BULK_FINISHED = "bulk_finished", _("Bulk migration finished")
        DELTA_STARTED = "delta_started", _("Delta migration started")
        DELTA_FINISHED = "delta_finished", _("Delta migration finished")
        VERIFY_STARTED = "verify_started", _("Verification started")
        VERIFY_FINISHED = "verify_finished", _("Verification finished")
        FOLDERS_CREATED = "folders_created", _("Folders created")

    Result = DropboxActionResult

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.SET_NULL,
        null=True,
        related_name="dropbox_actions",
        verbose_name=_("engagement"),
    )
    engagement_reference = models.CharField(_("engagement"), max_length=20)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    user_name = models.CharField(_("who"), max_length=150, blank=True)
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # A slug, not a closed choice: later apps (licensing) record their own actions.
    action = models.SlugField(_("action"), max_length=50)
    target = models.CharField(_("target"), max_length=500, blank=True)
    result = models.CharField(_("result"), max_length=10, choices=Result.choices)
    reason = models.TextField(_("reason"), blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    objects = DropboxActionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("Dropbox action")
        verbose_name_plural = _("Dropbox actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(result__in=DropboxActionResult.values),
                name="dropbox_action_result_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.engagement_reference} {self.action} {self.result}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise AppendOnlyError("Dropbox actions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError("Dropbox actions are append-only.")

    @property
    def action_label(self) -> str:
        return str(dict(self.Action.choices).get(self.action, self.action))
