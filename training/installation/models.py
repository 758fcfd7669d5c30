"""One row per person and device to install the Dropbox desktop app on, from the user list."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement
from engagements.planning.models import Sprint
from engagements.quotes.models import CustomerUser


class Method(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")
    INSTRUCTIONS = "instructions", _("Instructions")


class OperatingSystem(models.TextChoices):
    MACOS = "macos", _("macOS")
    WINDOWS = "windows", _("Windows")


class InstallationStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    INSTALLED = "installed", _("Installed")
    VERIFIED = "verified", _("Verified")
    PROBLEM = "problem", _("Problem")
    WAIVED = "waived", _("Waived")


class Installation(models.Model):
    Method = Method
    Status = InstallationStatus

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="installations")
    customer_user = models.ForeignKey(
        CustomerUser, on_delete=models.CASCADE, related_name="installations", verbose_name=_("user")
    )
    device = models.CharField(_("device"), max_length=100, blank=True)
    operating_system = models.CharField(
        _("operating system"), max_length=10, choices=OperatingSystem.choices, default=OperatingSystem.MACOS
    )
    method = models.CharField(_("method"), max_length=15, choices=Method.choices, default=Method.REMOTE)
    # Instructions are for users with high computer literacy; for anyone else this says why.
    method_reason = models.CharField(_("reason for instructions"), max_length=300, blank=True)
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="installations",
        verbose_name=_("consultant"),
    )
    # The booking in the planning calendar (on site and remote installations).
    sprint = models.ForeignKey(
        Sprint, on_delete=models.SET_NULL, null=True, blank=True, related_name="installations"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=InstallationStatus.choices, default=InstallationStatus.PLANNED
    )
    # What went wrong (status problem), or why installation is waived (status waived).
    status_note = models.CharField(_("what happened"), max_length=500, blank=True)
    instructions_sent_at = models.DateTimeField(null=True, blank=True)
    # The one-time "installed" link: the current link's nonce; emptied when it is used.
    link_nonce = models.CharField(max_length=32, blank=True, editable=False)
    installed_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["customer_user__name", "device", "pk"]
        verbose_name = _("installation")
        verbose_name_plural = _("installations")
        constraints = [
            models.UniqueConstraint(fields=["customer_user", "device"], name="installation_per_user_device"),
            models.CheckConstraint(condition=Q(method__in=Method.values), name="installation_method_known"),
            models.CheckConstraint(
                condition=Q(status__in=InstallationStatus.values), name="installation_status_known"
            ),
            models.CheckConstraint(
                condition=Q(operating_system__in=OperatingSystem.values), name="installation_os_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.customer_user.name} {self.device}".strip()

    @property
    def date(self):
        return self.sprint.date if self.sprint_id else None

    @property
    def is_done(self) -> bool:
        return self.status in DONE_STATUSES


DONE_STATUSES = frozenset(
    {InstallationStatus.INSTALLED, InstallationStatus.VERIFIED, InstallationStatus.WAIVED}
)
