"""Reads of engagements that are more than a one-line queryset."""

from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from engagements import roles
from engagements.models import Contact, Engagement


def engagements_visible_to(user) -> QuerySet[Engagement]:
    """What a member of staff may open: everything for coordinators and admins, else their own."""
    if not roles.is_internal(user):
        return Engagement.objects.none()
    if roles.sees_all_engagements(user):
        return Engagement.objects.all()
    mine = Q()
    if roles.has_role(user, roles.SALES):
        mine |= Q(seller=user)
    if roles.has_role(user, roles.CONSULTANT):
        mine |= Q(consultants=user)
    # The seller and the assigned consultants both see an engagement; distinct() undoes the join.
    return Engagement.objects.filter(mine).distinct()


def engagements_of_contact(user) -> QuerySet[Engagement]:
    """The engagements a customer contact may follow: those of their own company."""
    contact = Contact.objects.filter(user=user).only("customer_id").first()
    if contact is None or not user.is_authenticated:
        return Engagement.objects.none()
    return Engagement.objects.filter(customer_id=contact.customer_id)


def engagement_list(*, user, phase: str = "", seller_id=None, consultant_id=None, search: str = ""):
    engagements = engagements_visible_to(user).with_list_relations()
    if phase:
        engagements = engagements.filter(phase=phase)
    if seller_id:
        engagements = engagements.filter(seller_id=seller_id)
    if consultant_id:
        engagements = engagements.filter(consultants__id=consultant_id).distinct()
    if search:
        engagements = engagements.filter(
            Q(customer__name_folded__contains=search.strip().casefold())
            | Q(reference__icontains=search.strip())
        )
    return engagements.order_by("-created_at", "-pk")


def staff_with_role(role: str):
    return get_user_model().objects.filter(groups__name=role, is_active=True).order_by("username")
