"""The sign-in link mail greets the contact by name as written, and its link works as sent."""

import re

from django.conf import settings
from django.core import mail
from django.urls import reverse


def test_the_sign_in_mail_is_plain_text_with_the_name_and_link_unescaped(
    client, customer_contact, engagement
):
    customer_contact.first_name, customer_contact.last_name = "Åsa", "O'Brien & Berg"
    customer_contact.save()

    client.post(reverse("login_link"), {"email": "kund@example.se"}, HTTP_ACCEPT_LANGUAGE="en")

    [message] = mail.outbox
    assert message.body.startswith("Hello Åsa O'Brien & Berg,\n")
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(settings.SITE_URL + reverse("login_link_use") + "?")
    assert "&amp;" not in message.body and "&#x27;" not in message.body
    path = link.split("://", 1)[1].split("/", 1)[1]
    signed_in = client.get("/" + path, follow=True)
    assert signed_in.request["PATH_INFO"] == reverse("engagements:status", args=[engagement.reference])
