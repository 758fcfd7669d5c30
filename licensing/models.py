"""Dropbox licences: the plans we sell, an engagement's licence plan, each user's team membership
and the invitation runs that add them to the customer's Dropbox team."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement
from engagements.quotes.models import CustomerUser

ZERO = Decimal("0.00")


class DropboxPlan(models.Model):
    """A Dropbox plan as Macforum sells it; kept in the admin (prices change, the admin keeps them)."""

    code = models.SlugField(_("code"), unique=True)
    name = models.CharField(_("name"), max_length=100)
    minimum_seats = models.PositiveSmallIntegerField(
        _("minimum seats"), default=3, validators=[MinValueValidator(1)]
    )
    price_per_user_month = models.DecimalField(
        _("price per user and month (SEK, excl. VAT)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(ZERO, message=_("A price cannot be negative."))],
    )
    vat_rate = models.DecimalField(
        _("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("25.00"),
        validators=[MinValueValidator(ZERO), MaxValueValidator(Decimal("100"))],
    )
    catalogue_code = models.SlugField(
        _("service catalogue item"),
        blank=True,
        help_text=_("Code of the catalogue item the quote's licence line is linked to, if there is one."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("Dropbox plan")
        verbose_name_plural = _("Dropbox plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(price_per_user_month__gte=0), name="dropbox_plan_price_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(minimum_seats__gte=1), name="dropbox_plan_minimum_at_least_one"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LicencePlan(models.Model):
    """An engagement's licence estimate: the plan, a buffer of spare seats and how many months
    the quote covers. Who needs an account is the `licensed` flag of each TeamMember."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="licence_plan")
    plan = models.ForeignKey(DropboxPlan, on_delete=models.PROTECT, related_name="+", verbose_name=_("plan"))
    buffer_seats = models.PositiveSmallIntegerField(
        _("buffer (seats)"),
        default=0,
        validators=[MaxValueValidator(1000)],
        help_text=_("Spare seats beyond the users who need an account: new staff, a consultant."),
    )
    months = models.PositiveSmallIntegerField(
        _("months on the quote"), default=12, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    # The quote line the plan wrote last, so writing again replaces it instead of adding another.
    quote_line = models.ForeignKey(
        "quotes.QuoteLine", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("licence plan")
        verbose_name_plural = _("licence plans")

    def __str__(self) -> str:
        return f"{self.engagement.reference}: {self.plan}"


class TeamMemberStatus(models.TextChoices):
    NOT_INVITED = "not_invited", _("Not invited")
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    FAILED = "failed", _("Failed")
    REMOVED = "removed", _("Removed")


# What Dropbox's members/add_v2 said about a member it did not add, for people to read.
FAILURE_SENTENCES = {
    "team_license_limit": _("The team had no licence left."),
    "free_team_member_limit_reached": _("The free team's member limit was reached."),
    "user_already_paired": _("The address belongs to a personal Dropbox account paired with another team."),
    "user_on_another_team": _("The address is already a member of another Dropbox team."),
    "user_migration_failed": _("Dropbox could not move the person's own account into the team."),
    "duplicate_external_member_id": _("Another member already has this external id."),
    "duplicate_member_persistent_id": _("Another member already has this persistent id."),
    "persistent_id_disabled": _("Persistent ids are not enabled for the team."),
    "user_creation_failed": _("Dropbox could not create the account."),
    "too_many_members": _("Dropbox refused more members in one call."),
}


class TeamMember(models.Model):
    """One person on the user list and their place in the customer's Dropbox team."""

    Status = TeamMemberStatus

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="team_members")
    customer_user = models.OneToOneField(CustomerUser, on_delete=models.CASCADE, related_name="team_member")
    licensed = models.BooleanField(_("needs an account"), default=True)
    team_member_id = models.CharField(_("Dropbox team member id"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NOT_INVITED)
    # The tag Dropbox answered with (team_license_limit, user_on_another_team, ...); see FAILURE_SENTENCES.
    failure_reason = models.CharField(_("reason"), max_length=100, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["customer_user__name", "pk"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=TeamMemberStatus.values), name="team_member_status_known"
            ),
        ]

    def __str__(self) -> str:
        return str(self.customer_user)

    @property
    def failure_display(self) -> str:
        if not self.failure_reason:
            return ""
        return str(FAILURE_SENTENCES.get(self.failure_reason, self.failure_reason))


class InvitationRunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class InvitationRun(models.Model):
    """One run of inviting an engagement's licensed users into the Dropbox team, in batches of at
    most 20 (members/add_v2's limit), one batch per task; the progress bar reads this row."""

    Status = InvitationRunStatus

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="invitation_runs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    members_total = models.PositiveIntegerField(default=0)
    members_done = models.PositiveIntegerField(default=0)
    # The people the run left out when the team ran out of licences, by name, for the sentence.
    not_added_names = models.JSONField(default=list, blank=True)
    # A sentence from the Dropbox layer (DomainError) when the run failed for another reason.
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation run")
        verbose_name_plural = _("invitation runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=InvitationRunStatus.values), name="invitation_run_status_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.status}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        if not self.members_total:
            return 100 if self.finished else 0
        return int(100 * self.members_done / self.members_total)
