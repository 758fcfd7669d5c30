"""Money and quantities on quotes, formatted for the active language (sv: `12 500,00 kr`)."""

from django import template
from django.utils import translation

from engagements.quotes.money import format_decimal, format_sek

register = template.Library()


def _language() -> str:
    return (translation.get_language() or "sv")[:2]


@register.filter
def sek(amount):
    return format_sek(amount, _language())


@register.filter
def qty(value):
    return format_decimal(value, _language())


@register.filter
def hours(seconds):
    """Seconds as hours with one decimal, in the active language's notation."""
    if seconds in (None, ""):
        return ""
    from decimal import ROUND_HALF_UP, Decimal

    value = (Decimal(seconds) / 3600).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return format_decimal(value, _language())


@register.filter
def sees_pipeline(user) -> bool:
    """The navigation's "Pipeline" link is for sales and coordinators."""
    from engagements import roles

    return roles.may_change_phase(user)

