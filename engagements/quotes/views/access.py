"""Who may open what in this app; every view goes through one of these."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from engagements import roles
from engagements.access import get_engagement_for_staff, require_internal
from engagements.models import Engagement
from engagements.quotes.models import Quote


def require_quote_editor(request: HttpRequest) -> None:
    """Quotes are written by sales and coordinators; consultants read them."""
    if not roles.may_change_phase(request.user):
        raise PermissionDenied


def get_quote_for_staff(request: HttpRequest, quote_pk: int, *, edit: bool = False) -> Quote:
    """The quote if this member of staff may open its engagement (404 otherwise, 403 for customers)."""
    engagement_id = Quote.objects.filter(pk=quote_pk).values_list("engagement_id", flat=True).first()
    if engagement_id is None:
        require_internal(request)
        raise Http404
    engagement = get_engagement_for_staff(request, engagement_id)
    if edit:
        require_quote_editor(request)
    quote = Quote.objects.defer("frozen_pdf").get(pk=quote_pk)
    quote.engagement = engagement
    return quote


def get_engagement_for_discovery(request: HttpRequest, pk: int) -> Engagement:
    """Discovery is done by whoever works on the engagement: its seller, coordinator, consultants."""
    return get_engagement_for_staff(request, pk)


def client_ip(request: HttpRequest) -> str | None:
    # REMOTE_ADDR only: a forwarded-for header is the client's word, not a record.
    return request.META.get("REMOTE_ADDR") or None
