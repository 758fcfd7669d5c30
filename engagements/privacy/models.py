"""The processor agreement of an engagement and the engagement's privacy record."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement


class ProcessorAgreement(models.Model):
    """A processor agreement (personuppgiftsbiträdesavtal, PUB-avtal) signed by the customer.

    The customer is the controller of the personal data on its file server and in its Dropbox;
    the consultancy processes it on the customer's behalf, which GDPR art. 28 allows only under
    such an agreement. An engagement may record several (a new version of the agreement); the
    latest signed one is the one in force. The signed file is kept in the database like a quote's
    signed copy: served only to staff on the engagement, through a view, on every machine.
    """

    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.CASCADE,
        related_name="processor_agreements",
        verbose_name=_("engagement"),
    )
    version = models.CharField(
        _("agreement version"), max_length=50, help_text=_("As printed on the agreement, e.g. “PUB 2026:1”.")
    )
    signed_on = models.DateField(_("signed on"))
    signer_name = models.CharField(_("signed by (name)"), max_length=200)
    signer_role = models.CharField(_("signer's role at the customer"), max_length=100)
    document = models.BinaryField(null=True, blank=True, editable=False)
    document_name = models.CharField(_("signed agreement"), max_length=200)
    document_bytes = models.PositiveIntegerField(_("size (bytes)"), default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("processor agreement")
        verbose_name_plural = _("processor agreements")

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.version} ({self.signed_on})"


class EngagementPrivacy(models.Model):
    """What privacy has done to an engagement: when its personal data was anonymised."""

    engagement = models.OneToOneField(
        Engagement, on_delete=models.CASCADE, related_name="privacy", verbose_name=_("engagement")
    )
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("engagement privacy record")
        verbose_name_plural = _("engagement privacy records")
        permissions = [("export_person_data", _("Can export a person's data"))]

    def __str__(self) -> str:
        return f"{self.engagement_id}: {self.anonymised_at or '-'}"
