"""Panels this app contributes to the engagement page and the customer status page.

Placeholders until the app's phase is built: each renders nothing.
"""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def dropbox_panel(context, engagement):
    return ""
