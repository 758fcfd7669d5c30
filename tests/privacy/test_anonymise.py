"""Engagements ended longer ago than PRIVACY_RETENTION_DAYS lose their people's data, keep their figures."""

from datetime import timedelta

import pytest
from django.utils import timezone

from engagements.models import AuditEntry, Contact, PhaseChange
from engagements.phases import Phase
from engagements.privacy.anonymise import engagement_anonymise, privacy_anonymise_due
from engagements.privacy.models import EngagementPrivacy, ProcessorAgreement
from engagements.privacy.tasks import privacy_anonymise_due as privacy_anonymise_due_task
from engagements.quotes.models import CustomerUser, DiscoveryRecord
from engagements.services import audit_log, engagement_advance
from tests.factories import ContactFactory, CustomerFactory, make_engagement, sign_processor_agreement


def _ended(*, days_ago: int, name: str, email: str):
    """A lost engagement with a contact, a user list of two and notes naming the contact."""
    engagement = make_engagement(customer=CustomerFactory())
    contact = ContactFactory(customer=engagement.customer, name=name, email=email, phone="070-123 45 67")
    CustomerUser.objects.create(engagement=engagement, name=name, email=email)
    CustomerUser.objects.create(engagement=engagement, name="Bo Berg", email=f"bo.{email}")
    DiscoveryRecord.objects.create(
        engagement=engagement, user_count=2, risks=f"{name} is the only one with the keys"
    )
    sign_processor_agreement(engagement, signer_name=name)
    audit_log(
        action="test.named", user=None, engagement=engagement, details={"name": name, "ip": "192.0.2.7"}
    )
    engagement_advance(engagement=engagement, to_phase=Phase.LOST, user=None, note=f"{name} said no")
    PhaseChange.objects.filter(engagement=engagement, to_phase=Phase.LOST).update(
        changed_at=timezone.now() - timedelta(days=days_ago)
    )
    return engagement, contact


@pytest.fixture
def retention(db, settings):
    settings.PRIVACY_RETENTION_DAYS = 365


def test_an_engagement_past_the_retention_loses_names_and_keeps_counts(retention):
    old, contact = _ended(days_ago=400, name="Greta Gammal", email="greta@gammal.example")

    privacy_anonymise_due_task.apply()  # what beat runs nightly, in this process
    old.refresh_from_db()

    users = CustomerUser.objects.filter(engagement=old)
    assert users.count() == 2
    assert not users.filter(name__in=["Greta Gammal", "Bo Berg"]).exists()
    assert not users.filter(email__icontains="gammal.example").exists()
    contact.refresh_from_db()
    assert (contact.name, contact.phone) == ("–", "")
    assert "gammal" not in contact.email
    login = contact.user
    login.refresh_from_db()
    assert not login.is_active and not login.has_usable_password() and "gammal" not in login.username
    record = DiscoveryRecord.objects.get(engagement=old)
    assert record.user_count == 2 and record.risks == ""
    assert ProcessorAgreement.objects.get(engagement=old).signer_name == "–"
    assert PhaseChange.objects.get(engagement=old, to_phase=Phase.LOST).note == "– said no"
    named = AuditEntry.objects.get(engagement=old, action="test.named")
    assert named.details == {"name": "–", "ip": None}
    assert EngagementPrivacy.objects.get(engagement=old).anonymised_at is not None
    done = AuditEntry.objects.get(engagement=old, action="privacy.anonymised")
    assert done.details["customer_users"] == 2 and done.details["contacts"] == 1


def test_one_inside_the_retention_is_untouched(retention):
    recent, contact = _ended(days_ago=30, name="Ulla Ung", email="ulla@ung.example")
    assert privacy_anonymise_due() == []
    assert set(CustomerUser.objects.filter(engagement=recent).values_list("name", flat=True)) == {
        "Ulla Ung",
        "Bo Berg",
    }
    assert Contact.objects.get(pk=contact.pk).name == "Ulla Ung"
    assert ProcessorAgreement.objects.get(engagement=recent).signer_name == "Ulla Ung"
    assert not EngagementPrivacy.objects.filter(engagement=recent, anonymised_at__isnull=False).exists()


def test_it_runs_once(retention):
    old, _contact = _ended(days_ago=400, name="Greta Gammal", email="greta@gammal.example")
    assert privacy_anonymise_due() == [old.reference]
    assert privacy_anonymise_due() == []
    assert engagement_anonymise(engagement=old, user=None) is False
    assert AuditEntry.objects.filter(engagement=old, action="privacy.anonymised").count() == 1


def test_contacts_stay_while_another_engagement_of_the_customer_is_active(retention):
    old, contact = _ended(days_ago=400, name="Greta Gammal", email="greta@gammal.example")
    make_engagement(customer=old.customer)  # still running
    assert privacy_anonymise_due() == [old.reference]
    assert Contact.objects.get(pk=contact.pk).name == "Greta Gammal"
    assert not CustomerUser.objects.filter(engagement=old, name="Greta Gammal").exists()
