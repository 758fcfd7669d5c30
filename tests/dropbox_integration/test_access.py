"""Every Dropbox view: who may connect, who may disconnect, who gets 403 or 404."""

import pytest
from django.urls import reverse

from dropbox_integration import oauth
from dropbox_integration.models import DropboxConnection

pytestmark = pytest.mark.django_db


def _connect_url(engagement):
    return reverse("dropbox_integration:connect", args=[engagement.pk])


def _disconnect_url(engagement):
    return reverse("dropbox_integration:disconnect", args=[engagement.pk])


def test_anonymous_is_sent_to_login(client, engagement):
    for response in (
        client.post(_connect_url(engagement)),
        client.post(_disconnect_url(engagement)),
        client.get(reverse("dropbox_integration:oauth_callback"), {"code": "c", "state": "s"}),
    ):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("role", ["coordinator", "sales", "admin_user"])
def test_coordinator_seller_and_admin_may_start_connecting(
    request, client_for, engagement, role, dropbox_sandbox
):
    response = client_for(request.getfixturevalue(role)).post(_connect_url(engagement))
    assert response.status_code == 302
    assert "/oauth2/authorize?" in response["Location"]


def test_connect_start_takes_post_only(client_for, engagement, coordinator):
    assert client_for(coordinator).get(_connect_url(engagement)).status_code == 405


def test_a_consultant_on_the_engagement_may_not_connect(client_for, engagement, consultant):
    assert client_for(consultant).post(_connect_url(engagement)).status_code == 403


@pytest.mark.parametrize("role", ["other_sales", "other_consultant"])
def test_staff_not_on_the_engagement_get_404(request, client_for, engagement, role):
    client = client_for(request.getfixturevalue(role))
    assert client.post(_connect_url(engagement)).status_code == 404
    assert client.post(_disconnect_url(engagement)).status_code == 404


def test_customer_contact_gets_403_everywhere(client_for, engagement, customer_contact):
    client = client_for(customer_contact)
    assert client.post(_connect_url(engagement)).status_code == 403
    assert client.post(_disconnect_url(engagement)).status_code == 403
    assert (
        client.get(reverse("dropbox_integration:oauth_callback"), {"code": "c", "state": "s"}).status_code
        == 403
    )


def test_another_customers_contact_gets_403(client_for, engagement, other_customer_contact):
    assert client_for(other_customer_contact).post(_connect_url(engagement)).status_code == 403


@pytest.mark.parametrize("role", ["coordinator", "sales", "consultant"])
def test_only_an_admin_may_disconnect(request, client_for, connected_engagement, role):
    response = client_for(request.getfixturevalue(role)).post(_disconnect_url(connected_engagement))
    assert response.status_code == 403
    assert DropboxConnection.objects.filter(engagement=connected_engagement).exists()


def _with_flow_in_session(client, engagement):
    """A browser session in which a connect flow for `engagement` was started."""
    session = client.session
    session[oauth.SESSION_FLOW_KEY] = {"engagement": engagement.pk, "verifier": "v" * 64}
    session.save()
    return client


@pytest.mark.parametrize(("role", "status"), [("other_consultant", 404), ("consultant", 403)])
def test_the_callback_checks_who_finishes_the_flow(request, client_for, engagement, role, status):
    client = _with_flow_in_session(client_for(request.getfixturevalue(role)), engagement)
    response = client.get(reverse("dropbox_integration:oauth_callback"), {"code": "c", "state": "s"})
    assert response.status_code == status
    assert not DropboxConnection.objects.exists()
