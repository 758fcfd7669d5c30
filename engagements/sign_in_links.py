"""The one-time sign-in link (django-sesame) and the e-mail that carries it.

One function sends it, whoever asks: the customer on the sign-in page, or staff inviting a
contact from the engagement page. Only accounts that are purely a customer contact may sign in
by a link (engagements.auth.CustomerSignInLinkBackend); callers check that before sending.
"""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from sesame.utils import get_query_string

LOGIN_LINK_TEMPLATE = "registration/login_link_email.txt"


def sign_in_link(user) -> str:
    """An absolute one-time link that signs `user` in (valid SESAME_MAX_AGE, used once)."""
    return settings.SITE_URL + reverse("login_link_use") + get_query_string(user)


def sign_in_link_send(
    *,
    user,
    subject: str | None = None,
    template_name: str = LOGIN_LINK_TEMPLATE,
    context: dict | None = None,
) -> None:
    """E-mail `user` a fresh sign-in link, in the active language.

    The template is plain text rendered with escaping off; it gets `link` and `user` besides
    `context`. Raises what the mail backend raises (smtplib.SMTPException, OSError).
    """
    body = render_to_string(template_name, {**(context or {}), "link": sign_in_link(user), "user": user})
    send_mail(subject or _("Your sign-in link to Macforum Projects"), body, None, [user.email])
