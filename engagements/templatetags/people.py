from django import template

register = template.Library()


@register.filter
def person(user) -> str:
    """A person's full name, else their username, else a dash: for users that may be missing."""
    if user is None:
        return "–"
    return user.get_full_name() or user.get_username()
