"""Sprints, seller follow-ups, weekly reports, status updates and consultants' calendar feeds."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement


class Slot(models.TextChoices):
    """A sprint is half a day or a whole day; these three are the only shapes it can take."""

    MORNING = "morning", _("Morning")
    AFTERNOON = "afternoon", _("Afternoon")
    FULL_DAY = "full_day", _("Full day")


# Which half-days a slot occupies; a full day overlaps both halves.
SLOT_HALVES: dict[str, frozenset[str]] = {
    Slot.MORNING: frozenset({"am"}),
    Slot.AFTERNOON: frozenset({"pm"}),
    Slot.FULL_DAY: frozenset({"am", "pm"}),
}


def slot_order() -> models.Case:
    """Morning, then full day, then afternoon: the order of a day (the values sort otherwise)."""
    return models.Case(
        models.When(slot=Slot.MORNING, then=0),
        models.When(slot=Slot.FULL_DAY, then=1),
        default=2,
        output_field=models.IntegerField(),
    )


class SprintStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    DONE = "done", _("Done")
    MOVED = "moved", _("Moved")


class Sprint(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="sprints")
    consultant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="sprints",
        verbose_name=_("consultant"),
    )
    date = models.DateField(_("date"), db_index=True)
    slot = models.CharField(_("time of day"), max_length=10, choices=Slot.choices)
    goal = models.CharField(_("goal"), max_length=200)
    tasks = models.TextField(_("tasks"), blank=True, help_text=_("One task a line."))
    status = models.CharField(
        _("status"), max_length=10, choices=SprintStatus.choices, default=SprintStatus.PLANNED
    )
    # Internal: never shown to the customer.
    internal_note = models.TextField(_("internal note"), blank=True)
    override_reason = models.TextField(_("reason for the exception"), blank=True)
    # Laid out from a sprint template: the goal and tasks as the template's message ids,
    # {"goal": msgid, "tasks": [msgid, ...]}, so they read in each reader's language (`goal_text`,
    # `task_lines`) until someone edits them; then they are empty and `goal`/`tasks` read as typed.
    template_texts = models.JSONField(default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "pk"]
        verbose_name = _("sprint")
        verbose_name_plural = _("sprints")
        constraints = [
            models.CheckConstraint(condition=Q(slot__in=Slot.values), name="sprint_slot_is_half_or_full_day"),
            models.CheckConstraint(
                condition=Q(status__in=SprintStatus.values),
                name="sprint_status_is_known",
            ),
        ]
        indexes = [models.Index(fields=["consultant", "date"], name="sprint_consultant_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_slot_display()}: {self.goal_text}"

    @property
    def goal_text(self) -> str:
        """The goal in the active language when it came from a template, else as typed."""
        key = (self.template_texts or {}).get("goal")
        return gettext(key) if key else self.goal

    @property
    def task_lines(self) -> list[str]:
        keys = (self.template_texts or {}).get("tasks")
        if keys is not None:
            return [gettext(key) for key in keys]
        return [line.strip() for line in self.tasks.splitlines() if line.strip()]

    @property
    def tasks_text(self) -> str:
        return "\n".join(self.task_lines)

    @property
    def is_half_day(self) -> bool:
        return self.slot != Slot.FULL_DAY


class FollowUp(models.Model):
    """A reminder the seller keeps for an engagement: call the customer on this date about that."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="follow_ups")
    due_date = models.DateField(_("date"))
    note = models.CharField(_("note"), max_length=300)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["done_at", "due_date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.due_date}: {self.note}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEWED = "reviewed", _("Reviewed")
    SENT = "sent", _("Sent")


class WeeklyReport(models.Model):
    """The customer's report of one ISO week, drafted on Monday, reviewed and sent by the coordinator."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="weekly_reports")
    # The Monday of the week reported on.
    week_start = models.DateField(_("week starting"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    sprints_planned = models.PositiveSmallIntegerField(_("sprints planned"), default=0)
    sprints_done = models.PositiveSmallIntegerField(_("sprints done"), default=0)
    done_text = models.TextField(_("what was done"), blank=True)
    next_text = models.TextField(_("what comes next"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    decisions_needed = models.TextField(_("decisions needed from you"), blank=True)
    # [{"title": ..., "text": ...}] from the registered report sections (migration progress, ...).
    sections = models.JSONField(_("other sections"), default=list, blank=True)
    internal_note = models.TextField(_("internal note"), blank=True)
    drafted_at = models.DateTimeField(auto_now_add=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-week_start", "-pk"]
        verbose_name = _("weekly report")
        verbose_name_plural = _("weekly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "week_start"], name="one_report_per_engagement_week"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReportStatus.values),
                name="weekly_report_status_is_known",
            ),
            # Nothing goes out unreviewed: a sent report has a review and a send time.
            models.CheckConstraint(
                condition=~Q(status=ReportStatus.SENT) | Q(sent_at__isnull=False, reviewed_at__isnull=False),
                name="weekly_report_sent_only_after_review",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.iso_label}"

    @property
    def iso_label(self) -> str:
        year, week, _day = self.week_start.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def week_number(self) -> int:
        return self.week_start.isocalendar()[1]

    @property
    def week_end(self):
        from datetime import timedelta

        return self.week_start + timedelta(days=6)


class StatusUpdate(models.Model):
    """A short message to the customer between weekly reports."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="status_updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d}: {self.body[:40]}"


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A consultant's private iCalendar URL; the token is the only credential, so it can be replaced."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return f"{self.user}"
