"""The verification certificate is meant for the customer: their contacts download it from the
status page once a verification has finished; other customers get 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from migration.models import MigrationJob
from tests.factories import UserFactory

pytestmark = pytest.mark.usefixtures("english")


def _verified(engagement):
    """A finished verification, as the verify job leaves it."""
    return MigrationJob.objects.create(
        engagement=engagement,
        kind=MigrationJob.Kind.VERIFY,
        status=MigrationJob.Status.DONE,
        finished_at=timezone.now(),
    )


def _certificate_url(engagement):
    return reverse("migration:certificate", args=[engagement.pk])


def test_the_customer_downloads_the_certificate_linked_from_the_status_page(
    client_for, engagement, customer_contact
):
    _verified(engagement)
    client = client_for(customer_contact)

    status = client.get(reverse("engagements:status", args=[engagement.reference])).content.decode()
    response = client.get(_certificate_url(engagement))

    assert (
        f'<a href="{_certificate_url(engagement)}">Download the verification certificate (PDF)</a>' in status
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert response["Content-Disposition"] == f'attachment; filename="{engagement.reference}-certificate.pdf"'


def test_before_a_verification_there_is_no_link_and_no_certificate(client_for, engagement, customer_contact):
    client = client_for(customer_contact)
    status = client.get(reverse("engagements:status", args=[engagement.reference])).content.decode()
    assert "verification certificate" not in status
    assert client.get(_certificate_url(engagement)).status_code == 404


def test_another_customers_contact_gets_404(client_for, engagement, other_customer_contact):
    _verified(engagement)
    assert client_for(other_customer_contact).get(_certificate_url(engagement)).status_code == 404


def test_staff_who_see_the_engagement_still_get_it_and_others_404(client_for, engagement, sales, other_sales):
    assert client_for(sales).get(_certificate_url(engagement)).status_code == 200
    assert client_for(other_sales).get(_certificate_url(engagement)).status_code == 404


def test_a_signed_in_user_without_a_role_gets_404(client_for, engagement):
    _verified(engagement)
    assert client_for(UserFactory(username="nobody")).get(_certificate_url(engagement)).status_code == 404
