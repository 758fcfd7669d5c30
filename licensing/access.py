"""Who may see and act on an engagement's licences. Every view of this app goes through here.

- See the licence page: whoever may open the engagement (coordinators, admins, its seller and
  its assigned consultants). Customer contacts get 403 (they read the status page's panel);
  other staff 404.
- Edit the plan (plan, buffer, months, who needs an account, the quote's licence line): sales
  on the engagement, coordinators and admins.
- Invite the users into Dropbox: the engagement's consultants, coordinators and admins.
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from engagements import roles
from engagements.access import get_engagement_for_staff
from engagements.models import Engagement


def may_edit_plan(user, engagement: Engagement) -> bool:
    if user.is_superuser or roles.has_role(user, roles.COORDINATOR):
        return True
    return roles.has_role(user, roles.SALES) and engagement.seller_id == user.pk


def may_invite(user, engagement: Engagement) -> bool:
    if user.is_superuser or roles.has_role(user, roles.COORDINATOR):
        return True
    return roles.has_role(user, roles.CONSULTANT) and engagement.consultants.filter(pk=user.pk).exists()


def get_engagement_to_view(request: HttpRequest, pk: int) -> Engagement:
    return get_engagement_for_staff(request, pk)


def get_engagement_to_edit_plan(request: HttpRequest, pk: int) -> Engagement:
    engagement = get_engagement_for_staff(request, pk)
    if not may_edit_plan(request.user, engagement):
        raise PermissionDenied
    return engagement


def get_engagement_to_invite(request: HttpRequest, pk: int) -> Engagement:
    engagement = get_engagement_for_staff(request, pk)
    if not may_invite(request.user, engagement):
        raise PermissionDenied
    return engagement
