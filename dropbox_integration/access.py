"""Who may connect and disconnect an engagement's Dropbox. Every view of this app goes through here."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from engagements import roles
from engagements.access import get_engagement_for_staff
from engagements.models import Engagement


def may_connect(user, engagement: Engagement) -> bool:
    """Coordinators, admins and the engagement's seller (who talks to the customer's IT admin)."""
    return (
        user.is_superuser
        or roles.has_role(user, roles.COORDINATOR)
        or (engagement.seller_id == user.pk and roles.has_role(user, roles.SALES))
    )


def may_disconnect(user) -> bool:
    """Only admins: a disconnect stops every Dropbox call of a running migration."""
    return user.is_superuser


def get_engagement_to_connect(request: HttpRequest, pk: int) -> Engagement:
    """404 when the engagement is not the user's to see, 403 when they may not connect it."""
    engagement = get_engagement_for_staff(request, pk)
    if not may_connect(request.user, engagement):
        raise PermissionDenied
    return engagement


def get_engagement_to_disconnect(request: HttpRequest, pk: int) -> Engagement:
    engagement = get_engagement_for_staff(request, pk)
    if not may_disconnect(request.user):
        raise PermissionDenied
    return engagement
