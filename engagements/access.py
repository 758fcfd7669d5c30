"""Who may open which engagement. Every view of this app goes through one of these."""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from engagements import roles
from engagements.models import Engagement
from engagements.selectors import engagements_of_contact, engagements_visible_to


def require_internal(request: HttpRequest) -> None:
    """Customer contacts and users without a role get 403 on staff pages."""
    if not roles.is_internal(request.user):
        raise PermissionDenied


def get_engagement_for_staff(request: HttpRequest, pk: int) -> Engagement:
    """The engagement if this member of staff may see it; 404 when it is not theirs."""
    require_internal(request)
    return get_object_or_404(
        engagements_visible_to(request.user).select_related("customer", "seller", "coordinator"),
        pk=pk,
    )


def get_engagement_for_staff_hidden_from_others(request: HttpRequest, pk: int) -> Engagement:
    """As get_engagement_for_staff, but a customer contact learns nothing of another company's
    engagement: a contact of the engagement's own customer gets 403 (a staff page), anyone else
    outside the staff 404, as if it did not exist."""
    if not roles.is_internal(request.user):
        if engagements_of_contact(request.user).filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    return get_engagement_for_staff(request, pk)


def get_engagement_for_status_page(request: HttpRequest, reference: str) -> Engagement:
    """A customer contact sees only their own company's engagements; staff who may open
    the engagement see its status page too, to know what the customer sees."""
    if roles.is_internal(request.user):
        visible = engagements_visible_to(request.user)
    else:
        visible = engagements_of_contact(request.user)
    # The team's profiles too: the page shows their phone numbers under "Who to call".
    engagement = (
        visible.select_related("customer", "seller__staff_profile", "coordinator__staff_profile")
        .filter(reference=reference)
        .first()
    )
    if engagement is None:
        raise Http404
    return engagement
