"""Who may see which feedback. Every view of this app goes through here.

- The feedback page (charts and comments): staff only; coordinators and admins see everything,
  sellers the engagements they sold, consultants those they worked on. Customer contacts 403.
- An engagement's feedback: whoever may open the engagement; its own customer's contacts 403,
  anyone else's 404.
- A survey link needs no login; a signed-in contact of another customer gets 404 on it.
"""

from django.http import Http404, HttpRequest

from engagements import roles
from engagements.access import get_engagement_for_staff_hidden_from_others, require_internal
from engagements.models import Contact, Engagement
from feedback.models import Invitation

require_staff = require_internal


def get_engagement_to_view(request: HttpRequest, pk: int) -> Engagement:
    return get_engagement_for_staff_hidden_from_others(request, pk)


def refuse_other_customers(request: HttpRequest, invitation: Invitation) -> None:
    """A signed-in contact of another customer opening someone's link gets 404, as elsewhere."""
    if not request.user.is_authenticated or roles.is_internal(request.user):
        return
    contact = Contact.objects.filter(user=request.user).only("customer_id").first()
    if contact is not None and contact.customer_id != invitation.survey.engagement.customer_id:
        raise Http404
