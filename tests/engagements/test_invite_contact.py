""" "Invite this contact": a login for a customer contact and a one-time sign-in link that works."""

import re

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from engagements import roles
from engagements.models import AuditEntry, Contact
from tests.factories import ContactFactory, UserFactory

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def new_contact(engagement):
    """A contact of the engagement's customer without a login; the customer reads English."""
    engagement.customer.language = "en"
    engagement.customer.save()
    return ContactFactory(
        customer=engagement.customer, name="Anna Åkesson", email="Anna@Akesson.example", user=None
    )


def _invite_url(engagement, contact):
    return reverse("engagements:contact_invite", args=[engagement.pk, contact.pk])


def _link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_the_seller_invites_a_contact_who_then_signs_in_by_the_link(client, engagement, sales, new_contact):
    client.force_login(sales)
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "Invite this contact" in page

    response = client.post(_invite_url(engagement, new_contact), follow=True)

    new_contact.refresh_from_db()
    login = new_contact.user
    assert (login.username, login.email) == ("anna@akesson.example", "Anna@akesson.example")
    assert (login.first_name, login.last_name) == ("Anna", "Åkesson")
    assert not login.has_usable_password()
    assert roles.role_names(login) == {roles.CUSTOMER}
    assert "Anna Åkesson has a login now; a sign-in link is on its way to Anna@Akesson.example." in (
        response.content.decode()
    )
    [message] = mail.outbox
    assert message.to == ["Anna@akesson.example"]
    assert message.subject == "You are invited to follow your project at Macforum Projects"
    assert message.body.startswith("Hello Anna Åkesson,\n")
    assert f"“Filserver till Dropbox” ({engagement.reference})" in message.body
    entry = AuditEntry.objects.get(action="contact.invited")
    assert (entry.actor, entry.engagement, entry.details["login_created"]) == (sales, engagement, True)

    client.logout()
    link = _link_in(message)
    assert link.startswith(settings.SITE_URL + reverse("login_link_use") + "?")
    signed_in = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    assert signed_in.request["PATH_INFO"] == reverse("engagements:status", args=[engagement.reference])


def test_re_inviting_sends_a_new_link_and_makes_no_second_login(
    client_for, engagement, coordinator, new_contact
):
    client = client_for(coordinator)
    client.post(_invite_url(engagement, new_contact))
    new_contact.refresh_from_db()
    page = client.get(engagement.get_absolute_url()).content.decode()
    assert "Send a new sign-in link" in page

    response = client.post(_invite_url(engagement, new_contact), follow=True)

    assert "A new sign-in link is on its way to Anna@Akesson.example." in response.content.decode()
    assert get_user_model().objects.filter(email__iexact="anna@akesson.example").count() == 1
    assert len(mail.outbox) == 2
    client.logout()
    link = _link_in(mail.outbox[1])
    signed_in = client.get("/" + link.split("://", 1)[1].split("/", 1)[1], follow=True)
    assert signed_in.request["PATH_INFO"] == reverse("engagements:status", args=[engagement.reference])
    assert [e.details["login_created"] for e in AuditEntry.objects.filter(action="contact.invited")] == [
        False,
        True,
    ]


def test_an_address_that_already_has_an_account_is_refused(client_for, engagement, sales, new_contact):
    UserFactory(username="anna", email="anna@akesson.example", role=roles.SALES)

    response = client_for(sales).post(_invite_url(engagement, new_contact), follow=True)

    assert (
        "An account with the address Anna@Akesson.example already exists, so no login was made. "
        "Ask an administrator." in response.content.decode()
    )
    new_contact.refresh_from_db()
    assert new_contact.user is None
    assert not mail.outbox


def test_a_contact_linked_to_a_staff_login_gets_no_link(client_for, engagement, sales):
    staff_login = UserFactory(username="double", role=roles.CONSULTANT)
    contact = ContactFactory(customer=engagement.customer, name="Dubbel", user=staff_login)

    response = client_for(sales).post(_invite_url(engagement, contact), follow=True)

    assert "The login of Dubbel is not an active customer login" in response.content.decode()
    assert not mail.outbox


def test_a_mail_server_refusal_leaves_no_login_behind(client_for, engagement, sales, new_contact, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens: connection refused

    response = client_for(sales).post(_invite_url(engagement, new_contact), follow=True)

    assert "The e-mail could not be sent" in response.content.decode()
    new_contact.refresh_from_db()
    assert new_contact.user is None
    assert not get_user_model().objects.filter(email__iexact="anna@akesson.example").exists()
    assert not AuditEntry.objects.filter(action="contact.invited").exists()


def test_a_contact_of_another_customer_is_404(client_for, engagement, sales):
    stranger = ContactFactory(user=None)
    assert client_for(sales).post(_invite_url(engagement, stranger)).status_code == 404
    assert not mail.outbox


def test_the_consultant_gets_403_and_no_button(client_for, engagement, consultant, new_contact):
    client = client_for(consultant)
    assert "Invite this contact" not in client.get(engagement.get_absolute_url()).content.decode()
    assert client.post(_invite_url(engagement, new_contact)).status_code == 403
    assert Contact.objects.get(pk=new_contact.pk).user is None


def test_customers_get_403(client_for, engagement, customer_contact, other_customer_contact, new_contact):
    for user in (customer_contact, other_customer_contact):
        assert client_for(user).post(_invite_url(engagement, new_contact)).status_code == 403
    assert not mail.outbox


def test_sales_not_on_the_engagement_get_404(client_for, engagement, other_sales, new_contact):
    assert client_for(other_sales).post(_invite_url(engagement, new_contact)).status_code == 404


def test_inviting_takes_post_only(client_for, engagement, sales, new_contact):
    assert client_for(sales).get(_invite_url(engagement, new_contact)).status_code == 405
