"""Reads of the privacy app."""

from datetime import datetime

from django.db.models import F, Max, Q, QuerySet

from engagements.models import Engagement
from engagements.phases import TERMINAL
from engagements.privacy.models import ProcessorAgreement


def processor_agreement_of(engagement: Engagement) -> ProcessorAgreement | None:
    """The agreement in force: the latest signed. Without its file, which only the download reads."""
    return (
        ProcessorAgreement.objects.defer("document")
        .select_related("recorded_by")
        .filter(engagement=engagement)
        .first()
    )


def has_processor_agreement(engagement: Engagement) -> bool:
    return ProcessorAgreement.objects.filter(engagement=engagement).exists()


def engagements_ended_before(cutoff: datetime) -> QuerySet[Engagement]:
    """Engagements closed, lost or cancelled before `cutoff` and not anonymised yet.

    When it ended is the time of the phase change into the phase it is in now (a lost deal that
    was reopened and lost again counts from the second loss).
    """
    return (
        Engagement.objects.filter(phase__in=[phase.value for phase in TERMINAL])
        .exclude(privacy__anonymised_at__isnull=False)
        .annotate(ended_at=Max("phase_changes__changed_at", filter=Q(phase_changes__to_phase=F("phase"))))
        .filter(ended_at__lt=cutoff)
        .order_by("pk")
    )
