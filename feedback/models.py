"""The survey sent 4-6 weeks after the final invoice: one per engagement, one invitation (a personal
link) per customer contact, at most one response per invitation."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.models import Contact, Engagement

COMMENT_MAX_LENGTH = 2000


class Survey(models.Model):
    """The survey of one engagement. The OneToOne is what makes "never sent twice" hold in the
    database, whatever a second worker or a second run of the task does."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="survey", verbose_name=_("engagement")
    )
    final_invoice_sent_at = models.DateTimeField(_("final invoice sent"))
    scheduled_for = models.DateField(_("scheduled for"))
    sent_at = models.DateTimeField(_("sent"), db_index=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("feedback survey")
        verbose_name_plural = _("feedback surveys")

    def __str__(self) -> str:
        return f"{self.engagement.reference} {self.scheduled_for}"


class Invitation(models.Model):
    """One contact's personal link. `nonce` goes into the signed token; the response closes it."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    contact = models.ForeignKey(Contact, on_delete=models.CASCADE, related_name="feedback_invitations")
    email = models.EmailField(_("e-mail"))
    nonce = models.CharField(max_length=32)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "contact"], name="feedback_one_invitation_per_contact"),
        ]

    def __str__(self) -> str:
        return f"{self.survey} → {self.email}"


class Response(models.Model):
    """A contact's answers: the seller part, the project team part, and the recommendation."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    seller_rating = models.PositiveSmallIntegerField(
        _("the seller"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    seller_comment = models.TextField(_("about the seller"), max_length=COMMENT_MAX_LENGTH, blank=True)
    team_rating = models.PositiveSmallIntegerField(
        _("the project team"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    team_comment = models.TextField(_("about the project team"), max_length=COMMENT_MAX_LENGTH, blank=True)
    recommendation = models.PositiveSmallIntegerField(
        _("recommendation"), validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    submitted_at = models.DateTimeField(_("submitted"), db_index=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(seller_rating__gte=1, seller_rating__lte=5),
                name="feedback_seller_rating_1_to_5",
            ),
            models.CheckConstraint(
                condition=Q(team_rating__gte=1, team_rating__lte=5), name="feedback_team_rating_1_to_5"
            ),
            models.CheckConstraint(
                condition=Q(recommendation__gte=0, recommendation__lte=10),
                name="feedback_recommendation_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.invitation}: {self.seller_rating}/{self.team_rating}/{self.recommendation}"
