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
