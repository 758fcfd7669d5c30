"""Who may see and change an engagement's decommissioning. Every view of this app goes through here.

- See (the decommissioning page, the certificate preview): whoever may open the engagement —
  coordinators, admins, its seller (read-only) and its assigned consultants.
- Edit (equipment, plans, sanitisation, ends, custody, appraisal, waivers, credit): coordinators,
  admins and the engagement's assigned consultants (migration.access.may_operate); the seller 403.
- A customer's contact gets 403 on the staff pages of their own company's engagement and 404 on
  anything of another customer's. The signed certificate is theirs to download.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404

from decommission.models import Asset, Medium
from engagements import roles
from engagements.access import get_engagement_for_staff, get_engagement_for_staff_hidden_from_others
from engagements.models import Engagement
from engagements.selectors import engagements_of_contact
from migration.access import may_operate

may_edit = may_operate


def get_engagement_to_view(request: HttpRequest, pk: int) -> Engagement:
    return get_engagement_for_staff_hidden_from_others(request, pk)


def get_engagement_to_edit(request: HttpRequest, pk: int) -> Engagement:
    engagement = get_engagement_to_view(request, pk)
    if not may_edit(request.user, engagement):
        raise PermissionDenied
    return engagement


def get_asset(engagement: Engagement, asset_pk: int) -> Asset:
    return get_object_or_404(
        Asset.objects.select_related("engagement__customer"), pk=asset_pk, engagement=engagement
    )


def get_medium(engagement: Engagement, medium_pk: int) -> Medium:
    return get_object_or_404(
        Medium.objects.select_related("asset__engagement__customer"),
        pk=medium_pk,
        asset__engagement=engagement,
    )


def get_engagement_for_certificate(request: HttpRequest, pk: int) -> Engagement:
    """Staff who may see the engagement; the customer's own contacts once the certificate is
    signed; everyone else 404."""
    if roles.is_internal(request.user):
        return get_engagement_for_staff(request, pk)
    engagement = (
        engagements_of_contact(request.user)
        .select_related("customer", "decommission")
        .filter(pk=pk, decommission__signed_at__isnull=False)
        .first()
    )
    if engagement is None:
        raise Http404
    return engagement
