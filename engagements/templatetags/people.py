from django import template
from django.core.exceptions import ObjectDoesNotExist

register = template.Library()


@register.filter
def person(user) -> str:
    """A person's full name, else their username, else a dash: for users that may be missing."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()


@register.filter
def phone(user) -> str:
    """A member of staff's phone number (engagements.StaffProfile), or "" when none is recorded."""
    if user is None:
        return ""
    try:
        return user.staff_profile.phone
    except ObjectDoesNotExist:
        return ""
