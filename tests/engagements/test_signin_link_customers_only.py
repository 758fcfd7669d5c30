"""One-time sign-in links are for customer contacts only: staff and superusers get none and cannot use one."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from sesame.utils import get_query_string

from engagements import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _request_link(client, email):
    return client.post(reverse("login_link"), {"email": email})


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", email="root@macforum.example", is_staff=True, is_superuser=True)


@pytest.mark.parametrize("who", ["sales", "coordinator", "consultant", "superuser"])
def test_a_link_requested_for_staff_sends_nothing_and_answers_like_any_address(client, request, who):
    user = request.getfixturevalue(who)

    staff_answer = _request_link(client, user.email)
    unknown_answer = _request_link(client, "okand@example.se")

    assert mail.outbox == []
    assert staff_answer.status_code == unknown_answer.status_code == 302
    assert staff_answer["Location"] == unknown_answer["Location"] == reverse("login_link_sent")


def test_a_customer_contact_who_is_also_staff_gets_no_link(client, customer_contact):
    customer_contact.groups.add(Group.objects.get_or_create(name=roles.CONSULTANT)[0])

    _request_link(client, "kund@example.se")

    assert mail.outbox == []


def test_a_customer_contact_with_admin_access_gets_no_link(client, customer_contact):
    customer_contact.is_staff = True
    customer_contact.save()

    _request_link(client, "kund@example.se")

    assert mail.outbox == []


def test_a_customer_contact_still_gets_their_link(client, customer_contact):
    _request_link(client, "kund@example.se")

    [message] = mail.outbox
    assert message.to == ["kund@example.se"]


@pytest.mark.parametrize("who", ["sales", "coordinator", "superuser"])
def test_a_link_minted_for_staff_does_not_sign_them_in(client, request, who):
    user = request.getfixturevalue(who)

    response = client.get(reverse("login_link_use") + get_query_string(user))

    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("engagements:list"))["Location"].startswith(reverse("login"))


def test_a_link_minted_for_a_customer_signs_them_in(client, customer_contact, engagement):
    response = client.get(reverse("login_link_use") + get_query_string(customer_contact), follow=True)

    assert response.request["PATH_INFO"] == reverse("engagements:status", args=[engagement.reference])


def test_a_session_opened_by_a_link_ends_when_the_account_becomes_staff(client, customer_contact, engagement):
    client.get(reverse("login_link_use") + get_query_string(customer_contact))
    customer_contact.is_staff = True
    customer_contact.save()

    response = client.get(reverse("engagements:status", args=[engagement.reference]))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
