"""Who may see and run an engagement's migration. Every view of this app goes through here.

- See (migration page, exceptions report, CSV): whoever may open the engagement — coordinators,
  admins, its seller (read-only, to answer the customer) and its assigned consultants.
- Operate (set the source, start scans and migrations): coordinators, admins and the
  engagement's assigned consultants. The seller gets 403.
- Customer contacts get 403 (they follow progress on the status page); other staff 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from engagements import roles
from engagements.access import get_engagement_for_staff
from engagements.models import Engagement


def may_operate(user, engagement: Engagement) -> bool:
    if user.is_superuser or roles.has_role(user, roles.COORDINATOR):
        return True
    return roles.has_role(user, roles.CONSULTANT) and engagement.consultants.filter(pk=user.pk).exists()


def get_engagement_to_view(request: HttpRequest, pk: int) -> Engagement:
    return get_engagement_for_staff(request, pk)


def get_engagement_to_operate(request: HttpRequest, pk: int) -> Engagement:
    engagement = get_engagement_for_staff(request, pk)
    if not may_operate(request.user, engagement):
        raise PermissionDenied
    return engagement
