"""The folder plan of an engagement: team folders and personal folders, groups, access per folder,
the customer's approval, the training gate, and the jobs that apply and verify it in Dropbox.

Access is granted per folder and nothing else: a `FolderAccess` row joins a planned folder (never a
file) with a group or a person. There is no field that could hold a file path.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement
from engagements.quotes.models import CustomerUser


class FolderPlan(models.Model):
    """One per engagement. `revision` goes up with every change; the customer approves a revision."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="folder_plan")
    revision = models.PositiveIntegerField(_("revision"), default=1)
    approved_revision = models.PositiveIntegerField(_("approved revision"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by_name = models.CharField(_("approved by"), max_length=200, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    applied_revision = models.PositiveIntegerField(_("applied revision"), null=True, blank=True)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("folder plan")
        verbose_name_plural = _("folder plans")

    def __str__(self) -> str:
        return f"{self.engagement.reference} r{self.revision}"

    @property
    def is_approved(self) -> bool:
        return self.approved_revision == self.revision

    @property
    def is_applied(self) -> bool:
        return self.applied_revision is not None


class FolderKind(models.TextChoices):
    TEAM = "team", _("Team folder")
    PERSONAL = "personal", _("Personal folder")


class PlannedFolder(models.Model):
    """A team folder at the top of the team space, or a personal folder in one member's home."""

    Kind = FolderKind

    plan = models.ForeignKey(FolderPlan, on_delete=models.CASCADE, related_name="folders")
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.TEAM)
    owner = models.ForeignKey(
        CustomerUser,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="personal_folders",
        verbose_name=_("whose"),
    )
    # Top-level folders of the old share that land here (several when merged).
    source_names = models.JSONField(_("from the share"), default=list, blank=True)
    files = models.PositiveBigIntegerField(_("files"), default=0)
    bytes = models.PositiveBigIntegerField(_("bytes"), default=0)
    included = models.BooleanField(_("included"), default=True)
    dropbox_id = models.CharField(_("Dropbox id"), max_length=100, blank=True)

    class Meta:
        ordering = ["kind", "name", "pk"]
        verbose_name = _("planned folder")
        verbose_name_plural = _("planned folders")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=FolderKind.TEAM, owner__isnull=True)
                | Q(kind=FolderKind.PERSONAL, owner__isnull=False),
                name="planned_folder_personal_has_owner",
                violation_error_message=_(
                    "A personal folder belongs to one person; a team folder to no one."
                ),
            ),
            models.UniqueConstraint(
                "plan",
                "owner",
                models.functions.Lower("name"),
                name="planned_folder_name_unique",
                violation_error_message=_("The plan already has a folder with that name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PlanGroup(models.Model):
    """A Dropbox group of the plan ("Alla", one per department)."""

    plan = models.ForeignKey(FolderPlan, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("name"), max_length=255)
    members = models.ManyToManyField(CustomerUser, related_name="plan_groups", blank=True)
    dropbox_id = models.CharField(_("Dropbox id"), max_length=100, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        constraints = [
            models.UniqueConstraint(
                "plan",
                models.functions.Lower("name"),
                name="plan_group_name_unique",
                violation_error_message=_("The plan already has a group with that name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AccessLevel(models.TextChoices):
    EDITOR = "editor", _("Editor")
    VIEWER = "viewer", _("Viewer")


class FolderAccess(models.Model):
    """Who may reach a team folder: a group or a person, as editor or viewer. No row: no access."""

    Level = AccessLevel

    folder = models.ForeignKey(PlannedFolder, on_delete=models.CASCADE, related_name="accesses")
    group = models.ForeignKey(
        PlanGroup, on_delete=models.CASCADE, null=True, blank=True, related_name="accesses"
    )
    customer_user = models.ForeignKey(
        CustomerUser, on_delete=models.CASCADE, null=True, blank=True, related_name="folder_accesses"
    )
    level = models.CharField(_("access"), max_length=10, choices=Level.choices)

    class Meta:
        verbose_name = _("folder access")
        verbose_name_plural = _("folder access")
        constraints = [
            models.CheckConstraint(
                condition=Q(group__isnull=True, customer_user__isnull=False)
                | Q(group__isnull=False, customer_user__isnull=True),
                name="folder_access_one_grantee",
            ),
            models.CheckConstraint(
                condition=Q(level__in=AccessLevel.values), name="folder_access_level_is_known"
            ),
            models.UniqueConstraint(fields=["folder", "group"], name="folder_access_group_unique"),
            models.UniqueConstraint(fields=["folder", "customer_user"], name="folder_access_user_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.folder}: {self.group or self.customer_user} {self.level}"


class AccessRelease(models.Model):
    """The training gate: a person's folder access is applied only once they are released
    (training attended, or a coordinator's early release with a reason)."""

    customer_user = models.OneToOneField(
        CustomerUser, on_delete=models.CASCADE, related_name="access_release"
    )
    released_at = models.DateTimeField(_("released at"))
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("access release")
        verbose_name_plural = _("access releases")

    def __str__(self) -> str:
        return f"{self.customer_user} {self.released_at:%Y-%m-%d}"


class FolderJobKind(models.TextChoices):
    PLAN = "plan", _("Changes to make")
    APPLY = "apply", _("Apply")
    VERIFY = "verify", _("Verification")
    DRIFT = "drift", _("Drift check")


class FolderJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class FolderJob(models.Model):
    """One run of apply, verify or the drift check, with its progress for the page's bar."""

    Kind = FolderJobKind
    Status = FolderJobStatus

    plan = models.ForeignKey(FolderPlan, on_delete=models.CASCADE, related_name="jobs")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    failure = models.TextField(blank=True)
    # apply: the changes made; verify: one row per person and folder; drift: the differences.
    result = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("folder job")
        verbose_name_plural = _("folder jobs")

    def __str__(self) -> str:
        return f"{self.plan} {self.kind} {self.status}"

    @property
    def percent(self) -> int:
        if self.status == FolderJobStatus.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0

    @property
    def is_running(self) -> bool:
        return self.status in (FolderJobStatus.QUEUED, FolderJobStatus.RUNNING)
