"""Anonymise the personal data of engagements that ended longer ago than the retention time.

The consultancy keeps what it needs once a project is over: the figures (how many users, files,
bytes, hours, the quote's lines and totals), the contract documents (the quote as sent, a signed
acceptance, the processor agreement's file) and the history of who on the staff did what. The
people at the customer go: names, e-mail addresses, phone numbers, IP addresses, and free texts
that may describe them.
"""

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from engagements.models import AuditEntry, Contact, Engagement, PhaseChange
from engagements.planning.models import FollowUp, Sprint, StatusUpdate, WeeklyReport
from engagements.privacy.models import EngagementPrivacy, ProcessorAgreement
from engagements.privacy.selectors import engagements_ended_before
from engagements.quotes.models import CustomerUser, DiscoveryRecord, OfflineAcceptance, Quote
from engagements.services import audit_log

# What stands where a name was: a mark, not a sentence, so it reads the same in every language.
PLACEHOLDER = "–"
PLACEHOLDER_DOMAIN = "anonymised.invalid"  # .invalid never resolves (RFC 2606): no mail can go out
# Audit details keys whose values are a person's network address.
_ADDRESS_KEYS = frozenset({"ip", "ip_address", "answered_from_ip"})
# Shorter strings would match inside ordinary words.
_MIN_SCRUB_LENGTH = 3


def retention_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.PRIVACY_RETENTION_DAYS)


def privacy_anonymise_due(*, now: datetime | None = None) -> list[str]:
    """Anonymise every engagement that ended before the retention cutoff; returns their references.

    Each engagement goes in its own transaction, so one that fails leaves the others done.
    """
    done = []
    for engagement in engagements_ended_before(retention_cutoff(now)):
        if engagement_anonymise(engagement=engagement, user=None):
            done.append(engagement.reference)
    return done


@transaction.atomic
def engagement_anonymise(*, engagement: Engagement, user: AbstractBaseUser | None) -> bool:
    """Anonymise the personal data of one engagement; False when it was done before (idempotent).

    1. Lock the engagement and its privacy record; stop if it is already anonymised.
    2. Collect the names and addresses of the people in it (user list, the customer's contacts,
       who answered the quote, who signed the processor agreement).
    3. Replace them: the user list's names and e-mails, the answer's name and IP, the agreement
       signer's name; empty the discovery notes and internal notes; take the collected names out
       of the texts that stay (reports, status updates, follow-ups, phase notes, audit details).
    4. The customer's contacts go too, with their logins, once no other engagement of the
       customer still keeps them (the last of its engagements to be anonymised takes them).
    5. Record when, and audit it with the counts (never the names).
    """
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    record, _created = EngagementPrivacy.objects.select_for_update().get_or_create(engagement=locked)
    if record.anonymised_at is not None:
        return False

    contacts = list(Contact.objects.filter(customer_id=locked.customer_id).select_related("user"))
    users = list(CustomerUser.objects.filter(engagement=locked))
    quotes = list(Quote.objects.defer("frozen_pdf").filter(engagement=locked))
    agreements = list(ProcessorAgreement.objects.defer("document").filter(engagement=locked))
    scrub = _scrubber(
        [c.name for c in contacts]
        + [c.email for c in contacts]
        + [u.name for u in users]
        + [u.email for u in users]
        + [q.answered_by_name for q in quotes]
        + [a.signer_name for a in agreements]
    )
    counts: dict[str, int] = {}

    for person in users:
        person.name = PLACEHOLDER
        person.email = f"user-{person.pk}@{PLACEHOLDER_DOMAIN}"
    CustomerUser.objects.bulk_update(users, ["name", "email"])
    counts["customer_users"] = len(users)

    answered = [q for q in quotes if q.answered_by_name or q.answered_from_ip or q.decline_reason]
    for quote in answered:
        quote.answered_by_name = PLACEHOLDER if quote.answered_by_name else ""
        quote.answered_from_ip = None
        quote.decline_reason = ""
    # Answer fields only: a sent version's content stays frozen (Quote.CONTENT_FIELDS).
    Quote.objects.bulk_update(answered, ["answered_by_name", "answered_from_ip", "decline_reason"])
    counts["quote_answers"] = len(answered)
    # A note is the evidence when there is no signed copy: it keeps a mark (the check constraint).
    counts["acceptance_notes"] = (
        OfflineAcceptance.objects.filter(quote__engagement=locked).exclude(note="").update(note=PLACEHOLDER)
    )

    for agreement in agreements:
        agreement.signer_name = PLACEHOLDER
    ProcessorAgreement.objects.bulk_update(agreements, ["signer_name"])
    counts["processor_agreements"] = len(agreements)

    counts["discovery_notes"] = DiscoveryRecord.objects.filter(engagement=locked).update(
        other_systems="", expectations="", risks="", out_of_scope=""
    )
    counts["texts"] = (
        _scrub_rows(
            WeeklyReport.objects.filter(engagement=locked),
            scrub,
            ["done_text", "next_text", "risks", "decisions_needed"],
        )
        + _scrub_rows(StatusUpdate.objects.filter(engagement=locked), scrub, ["body"])
        + _scrub_rows(FollowUp.objects.filter(engagement=locked), scrub, ["note"])
        + _scrub_rows(Sprint.objects.filter(engagement=locked), scrub, ["tasks"])
        + _scrub_rows(PhaseChange.objects.filter(engagement=locked), scrub, ["note"])
    )
    WeeklyReport.objects.filter(engagement=locked).exclude(internal_note="").update(internal_note="")
    Sprint.objects.filter(engagement=locked).update(internal_note="", override_reason="")
    counts["audit_entries"] = _scrub_audit(AuditEntry.objects.filter(engagement=locked), scrub)
    # A system note keeps the names it mentions in its parameters ("accepted by %(name)s").
    counts["phase_note_params"] = _scrub_phase_note_params(
        PhaseChange.objects.filter(engagement=locked), scrub
    )

    counts["contacts"] = 0
    others_keep_contacts = (
        Engagement.objects.filter(customer_id=locked.customer_id)
        .exclude(pk=locked.pk)
        .exclude(privacy__anonymised_at__isnull=False)
        .exists()
    )
    if not others_keep_contacts:
        counts["contacts"] = _anonymise_contacts(contacts)

    record.anonymised_at = timezone.now()
    record.full_clean()
    record.save(update_fields=["anonymised_at"])
    audit_log(action="privacy.anonymised", user=user, engagement=locked, details=counts)
    return True


def _anonymise_contacts(contacts: list[Contact]) -> int:
    """Names, addresses and phone numbers out; their logins deactivated and renamed, so no
    sign-in link or password reset can reach them again."""
    for contact in contacts:
        contact.name = PLACEHOLDER
        contact.email = f"contact-{contact.pk}@{PLACEHOLDER_DOMAIN}"
        contact.phone = ""
        login = contact.user
        if login is not None:
            login.username = f"anonymised-{login.pk}"
            login.email = ""
            login.first_name = ""
            login.last_name = ""
            login.is_active = False
            login.set_unusable_password()
            login.save(
                update_fields=["username", "email", "first_name", "last_name", "is_active", "password"]
            )
    Contact.objects.bulk_update(contacts, ["name", "email", "phone"])
    return len(contacts)


def _scrubber(strings: Iterable[str]):
    """A function that takes each of `strings` out of a text, in any letter case."""
    kept = sorted(
        {s.strip() for s in strings if s and len(s.strip()) >= _MIN_SCRUB_LENGTH}, key=len, reverse=True
    )
    if not kept:
        return lambda text: text
    pattern = re.compile("|".join(re.escape(s) for s in kept), re.IGNORECASE)
    return lambda text: pattern.sub(PLACEHOLDER, text)


def _scrub_rows(queryset, scrub, fields: list[str]) -> int:
    changed = []
    for row in queryset.only("pk", *fields):
        before = [getattr(row, field) for field in fields]
        for field in fields:
            setattr(row, field, scrub(getattr(row, field)))
        if [getattr(row, field) for field in fields] != before:
            changed.append(row)
    queryset.model.objects.bulk_update(changed, fields)
    return len(changed)


def _scrub_audit(queryset, scrub) -> int:
    changed = []
    for entry in queryset.only("pk", "details"):
        details = _scrub_value(entry.details, scrub)
        if details != entry.details:
            entry.details = details
            changed.append(entry)
    AuditEntry.objects.bulk_update(changed, ["details"])
    return len(changed)


def _scrub_phase_note_params(queryset, scrub) -> int:
    changed = []
    for change in queryset.exclude(note_key="").only("pk", "note_params"):
        params = _scrub_value(change.note_params, scrub)
        if params != change.note_params:
            change.note_params = params
            changed.append(change)
    PhaseChange.objects.bulk_update(changed, ["note_params"])
    return len(changed)


def _scrub_value(value: Any, scrub) -> Any:
    if isinstance(value, str):
        return scrub(value)
    if isinstance(value, list):
        return [_scrub_value(item, scrub) for item in value]
    if isinstance(value, dict):
        return {
            key: None if key in _ADDRESS_KEYS else _scrub_value(item, scrub) for key, item in value.items()
        }
    return value
