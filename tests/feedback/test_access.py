"""Access per role: the feedback page (staff; each sees the engagements they may open) and an
engagement's feedback (its own customer's contacts 403, another customer's 404)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from tests.factories import make_engagement
from tests.feedback.helpers import responded

pytestmark = pytest.mark.usefixtures("english")
AT = datetime(2026, 2, 10, 12, tzinfo=ZoneInfo("Europe/Stockholm"))


@pytest.fixture
def two_engagements(engagement, other_sales, other_consultant, coordinator):
    """`engagement` (sales, consultant) and another one (sales2, consultant2), each with a comment."""
    other = make_engagement(seller=other_sales, coordinator=coordinator, consultants=[other_consultant])
    responded(engagement, at=AT, seller_rating=5, team_rating=4, recommendation=9, comment="Ours: great.")
    responded(other, at=AT, seller_rating=2, team_rating=2, recommendation=3, comment="Theirs: slow.")
    return engagement, other


@pytest.mark.parametrize(
    ("who", "sees_ours", "sees_theirs"),
    [
        ("coordinator", True, True),
        ("sales", True, False),
        ("consultant", True, False),
        ("other_sales", False, True),
    ],
)
def test_the_feedback_page_shows_what_each_role_may_see(
    client_for, request, two_engagements, who, sees_ours, sees_theirs
):
    user = request.getfixturevalue(who)

    response = client_for(user).get(reverse("feedback:overview"))

    html = response.content.decode()
    assert response.status_code == 200
    assert ("Ours: great." in html) is sees_ours
    assert ("Theirs: slow." in html) is sees_theirs


def test_customer_contacts_get_403_on_the_feedback_page(client_for, customer_contact, other_customer_contact):
    assert client_for(customer_contact).get(reverse("feedback:overview")).status_code == 403
    assert client_for(other_customer_contact).get(reverse("feedback:overview")).status_code == 403


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("feedback:overview"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("coordinator", 200),
        ("sales", 200),
        ("consultant", 200),
        ("other_sales", 404),
        ("other_consultant", 404),
        ("customer_contact", 403),
        ("other_customer_contact", 404),
    ],
)
def test_an_engagements_feedback_per_role(client_for, request, two_engagements, who, status):
    engagement, _other = two_engagements
    user = request.getfixturevalue(who)

    response = client_for(user).get(reverse("feedback:engagement", args=[engagement.pk]))

    assert response.status_code == status
    if status == 200:
        assert "Ours: great." in response.content.decode()


def test_the_feedback_page_queries_do_not_grow_with_responses(
    client_for, coordinator, engagement, django_assert_max_num_queries
):
    for index in range(12):
        responded(
            engagement,
            at=AT.replace(month=1 + index % 12),
            seller_rating=4,
            team_rating=4,
            recommendation=8,
            comment=f"c{index}",
        )

    client = client_for(coordinator)

    with django_assert_max_num_queries(12):
        assert client.get(reverse("feedback:overview")).status_code == 200
