"""Training sessions with their attendance, the online-only advice, and the support window's requests.

A session is one full day or two half days; each day is a sprint of the planning calendar
(`TrainingDay.sprint`), so holidays and double-booked trainers are refused as for any sprint.
A person is trained when they attended every day of one session (both halves of two half days).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement
from engagements.planning.models import Sprint
from engagements.quotes.models import CustomerUser


class TrainingFormat(models.TextChoices):
    FULL_DAY = "full_day", _("One full day")
    TWO_HALF_DAYS = "two_half_days", _("Two half days")


class Delivery(models.TextChoices):
    ON_SITE = "on_site", _("On site")
    REMOTE = "remote", _("Remote")


class TrainingSession(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="training_sessions")
    format = models.CharField(_("format"), max_length=20, choices=TrainingFormat.choices)
    delivery = models.CharField(_("on site or remote"), max_length=10, choices=Delivery.choices)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("trainer")
    )
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    attendees = models.ManyToManyField(
        CustomerUser, related_name="training_sessions", blank=True, verbose_name=_("attendees")
    )
    # The calendar invitations' identity: every update keeps the UID and raises the sequence,
    # so the attendees' calendars replace the event instead of adding a second one.
    ics_uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ics_sequence = models.PositiveIntegerField(default=0, editable=False)
    cancelled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=TrainingFormat.values), name="training_session_format_is_known"
            ),
            models.CheckConstraint(
                condition=Q(delivery__in=Delivery.values), name="training_session_delivery_is_known"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.get_format_display()}"

    @property
    def days_needed(self) -> int:
        return 2 if self.format == TrainingFormat.TWO_HALF_DAYS else 1


class TrainingDay(models.Model):
    """One day (or half day) of a session, booked as a sprint in the planning calendar."""

    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="days")
    position = models.PositiveSmallIntegerField()  # 1, or 1 and 2 for two half days
    sprint = models.OneToOneField(Sprint, on_delete=models.PROTECT, related_name="training_day")

    class Meta:
        ordering = ["session", "position"]
        constraints = [
            models.UniqueConstraint(fields=["session", "position"], name="training_day_position_unique"),
            models.CheckConstraint(condition=Q(position__in=[1, 2]), name="training_day_first_or_second"),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.position}"


class Attendance(models.Model):
    day = models.ForeignKey(TrainingDay, on_delete=models.CASCADE, related_name="attendance")
    customer_user = models.ForeignKey(CustomerUser, on_delete=models.CASCADE, related_name="attendance")
    attended = models.BooleanField(_("attended"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(
                fields=["day", "customer_user"], name="attendance_once_per_day_and_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.customer_user_id}: {self.attended}"


class OnlineOnlyChoice(models.Model):
    """The consultant's word on one top folder: keep it online-only or not, over the computed advice."""

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="online_only_choices")
    folder = models.CharField(_("folder"), max_length=255)
    online_only = models.BooleanField(_("keep online-only"))
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    set_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["engagement", "folder"], name="online_only_choice_per_folder")
        ]

    def __str__(self) -> str:
        return f"{self.folder}: {self.online_only}"


class SupportTopic(models.TextChoices):
    INSTALLATION = "installation", _("Installing Dropbox")
    FILES = "files", _("Finding or saving files")
    SHARING = "sharing", _("Sharing and access")
    ONLINE_ONLY = "online_only", _("Online-only files and disk space")
    OTHER = "other", _("Something else")


class Urgency(models.TextChoices):
    LOW = "low", _("It can wait a few days")
    NORMAL = "normal", _("Today or tomorrow")
    HIGH = "high", _("I cannot work")


class SupportChannel(models.TextChoices):
    STATUS_PAGE = "status_page", _("Status page")
    PHONE = "phone", _("Phone call")


class SupportStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class SupportRequest(models.Model):
    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="support_requests")
    requester_name = models.CharField(_("who"), max_length=200)
    topic = models.CharField(_("topic"), max_length=20, choices=SupportTopic.choices)
    description = models.TextField(_("what"), max_length=4000)
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    channel = models.CharField(_("received by"), max_length=20, choices=SupportChannel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=SupportStatus.choices, default=SupportStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True, max_length=4000)
    minutes_spent = models.PositiveIntegerField(_("time spent (minutes)"), default=0)
    within_window = models.BooleanField(_("within the support window"), editable=False)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    received_at = models.DateTimeField(_("received"), db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        constraints = [
            models.CheckConstraint(condition=Q(topic__in=SupportTopic.values), name="support_topic_is_known"),
            models.CheckConstraint(
                condition=Q(status__in=SupportStatus.values), name="support_status_is_known"
            ),
            models.CheckConstraint(condition=Q(urgency__in=Urgency.values), name="support_urgency_is_known"),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.get_topic_display()} ({self.status})"


class SupportSummary(models.Model):
    """Written once, when the engagement's support window has ended: what it was used for."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="support_summary")
    window_start = models.DateField()
    window_end = models.DateField()
    # {"by_topic": {topic: count}, "open": n, "minutes": n, "total": n}
    figures = models.JSONField(default=dict)
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support summary")
        verbose_name_plural = _("support summaries")

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.window_start}–{self.window_end}"
