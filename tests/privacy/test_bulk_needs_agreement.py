"""A bulk migration cannot start before the customer's processor agreement is recorded."""

import pytest
from django.urls import reverse

from engagements.errors import DomainError
from engagements.privacy.models import ProcessorAgreement
from migration.models import MigrationJob
from migration.services.bulk import migration_start_bulk
from tests.factories import sign_processor_agreement
from tests.migration.bulk_helpers import scanned
from tests.migration.tree import make_plain_tree

pytestmark = pytest.mark.usefixtures("english")

REFUSAL = "Record the processor agreement the customer signed before migrating."


@pytest.fixture
def ready_but_unsigned(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=2, per_folder=2)
    scanned(connected_engagement, root)
    ProcessorAgreement.objects.filter(engagement=connected_engagement).delete()
    return connected_engagement


def test_the_service_refuses_with_a_sentence(ready_but_unsigned):
    with pytest.raises(DomainError) as refusal:
        migration_start_bulk(engagement=ready_but_unsigned, user=None, enqueue=False)
    assert refusal.value.message == REFUSAL
    assert not MigrationJob.objects.filter(engagement=ready_but_unsigned).exists()


def test_the_page_says_why_and_disables_the_button_until_it_is_recorded(
    client_for, coordinator, ready_but_unsigned
):
    url = reverse("migration:page", args=[ready_but_unsigned.pk])
    page = client_for(coordinator).get(url).content.decode()
    assert REFUSAL in page
    assert "disabled>Start bulk migration" in page.replace("\n", "")
    sign_processor_agreement(ready_but_unsigned)
    page = client_for(coordinator).get(url).content.decode()
    assert REFUSAL not in page
