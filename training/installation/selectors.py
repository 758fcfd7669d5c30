"""Reads of installation: the plan, its counts, and what the customer sees."""

from collections import Counter
from itertools import groupby

from django.db.models import QuerySet

from engagements.models import Engagement
from training.installation.models import Installation, InstallationStatus, Method


def installations_of(*, engagement: Engagement) -> QuerySet[Installation]:
    return Installation.objects.filter(engagement=engagement).select_related(
        "customer_user", "consultant", "sprint"
    )


def method_counts(*, engagement: Engagement) -> dict[str, int]:
    """People per method (a person counts once per method, whatever their devices); waived
    installations do not count. What the quote's installation lines are priced on."""
    pairs = (
        Installation.objects.filter(engagement=engagement)
        .exclude(status=InstallationStatus.WAIVED)
        .order_by()  # the model's ordering would make distinct() count every device
        .values_list("method", "customer_user_id")
        .distinct()
    )
    return dict(Counter(method for method, _person in pairs))


def installations_outstanding(*, engagement: Engagement) -> QuerySet[Installation]:
    """Planned installations not yet done (installed, verified or waived): what rollout waits on."""
    return installations_of(engagement=engagement).filter(
        status__in=[InstallationStatus.PLANNED, InstallationStatus.PROBLEM]
    )


def status_page_installation(*, engagement: Engagement) -> dict:
    """The customer's summary: when installations are booked, who gets instructions, and how many
    are done. No internal notes or reasons."""
    rows = list(installations_of(engagement=engagement))
    booked = sorted(
        (i for i in rows if i.sprint_id and i.status not in (InstallationStatus.WAIVED,)),
        key=lambda i: (i.sprint.date, i.sprint.slot, i.sprint_id),
    )
    visits = [
        {"sprint": sprint, "people": [i.customer_user.name for i in group]}
        for sprint, group in ((s, list(g)) for s, g in groupby(booked, key=lambda i: i.sprint))
    ]
    counted = [i for i in rows if i.status != InstallationStatus.WAIVED]
    return {
        "visits": visits,
        "instructions": [i for i in counted if i.method == Method.INSTRUCTIONS],
        "unbooked": [i for i in counted if i.method != Method.INSTRUCTIONS and not i.sprint_id],
        "done_count": sum(1 for i in counted if i.is_done),
        "total_count": len(counted),
        "operating_systems": sorted({i.operating_system for i in counted if i.method == Method.INSTRUCTIONS}),
    }
