"""A person's data on request (GDPR art. 15 and 20): every record that names them, as JSON.

The consultancy answers such requests on the controller's (the customer's) instruction; an admin
with the permission "Can export a person's data" downloads the file from the admin.
"""

import json
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from engagements.models import AuditEntry, Contact
from engagements.privacy.models import ProcessorAgreement
from engagements.quotes.models import CustomerUser, OfflineAcceptance, Quote


def person_data_collect(*, email: str) -> dict[str, Any]:
    """Everything stored about the person with `email` (any letter case).

    1. Who they are here: customer contacts with that address and their logins, user-list rows.
    2. Their names, taken from those records, find the rest: quote answers given under that name
       or by that login, acceptances recorded for those quotes, processor agreements they signed,
       and audit entries that name them (by address or name) or that they made.
    Never the files themselves (a signed copy, an agreement): the export lists them by name.
    """
    email = email.strip()
    contacts = list(Contact.objects.filter(email__iexact=email).select_related("customer", "user"))
    logins = [c.user for c in contacts if c.user is not None]
    logins += list(
        get_user_model().objects.filter(email__iexact=email).exclude(pk__in=[u.pk for u in logins])
    )
    user_rows = list(CustomerUser.objects.filter(email__iexact=email).select_related("engagement"))
    names = (
        {c.name for c in contacts}
        | {u.name for u in user_rows}
        | {u.get_full_name() for u in logins if u.get_full_name()}
    )
    names.discard("")

    quotes = list(
        Quote.objects.defer("frozen_pdf")
        .select_related("engagement")
        .filter(
            Q(answered_by__in=logins)
            | Q(
                answered_by_name__in=names,
                engagement__customer__in=[c.customer_id for c in contacts]
                + [u.engagement.customer_id for u in user_rows],
            )
        )
        .distinct()
    )
    acceptances = list(OfflineAcceptance.objects.defer("signed_copy").filter(quote__in=quotes))
    agreements = list(
        ProcessorAgreement.objects.defer("document")
        .select_related("engagement")
        .filter(signer_name__in=names, engagement__customer__in=[c.customer_id for c in contacts])
    )
    audit = list(_audit_entries_naming(email=email, names=names, logins=logins).select_related("engagement"))

    return {
        "exported_at": timezone.now().isoformat(),
        "email": email,
        "customer_contacts": [_contact(c) for c in contacts],
        "logins": [_login(u) for u in logins],
        "customer_users": [_customer_user(u) for u in user_rows],
        "quote_answers": [_quote_answer(q) for q in quotes],
        "acceptances_recorded": [_acceptance(a) for a in acceptances],
        "processor_agreements_signed": [_agreement(a) for a in agreements],
        "audit_entries": [_audit(e) for e in audit],
    }


def person_data_json(*, email: str) -> bytes:
    return json.dumps(person_data_collect(email=email), ensure_ascii=False, indent=2).encode("utf-8")


def _audit_entries_naming(*, email: str, names: set[str], logins: list):
    """Audit rows whose details hold the address or a name, or that the person made.

    The details are JSON text: a non-ASCII name is stored escaped ("\\u00c5") on SQLite and as
    it is on PostgreSQL, so each term is looked for in both spellings."""
    condition = Q(actor__in=logins)
    for term in {email, *names}:
        if len(term) < 3:
            continue
        escaped = json.dumps(term)[1:-1]
        condition |= Q(details_text__icontains=term) | Q(details_text__icontains=escaped)
    return AuditEntry.objects.annotate(details_text=Cast("details", TextField())).filter(condition)


def _contact(contact: Contact) -> dict[str, Any]:
    return {
        "customer": contact.customer.name,
        "name": contact.name,
        "email": contact.email,
        "phone": contact.phone,
        "role": contact.role,
        "is_primary": contact.is_primary,
        "has_login": contact.user_id is not None,
    }


def _login(user) -> dict[str, Any]:
    return {
        "username": user.get_username(),
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
    }


def _customer_user(row: CustomerUser) -> dict[str, Any]:
    return {
        "engagement": row.engagement.reference,
        "name": row.name,
        "email": row.email,
        "department": row.department,
        "device": row.device,
        "operating_system": row.operating_system,
        "computer_literacy": row.computer_literacy,
    }


def _quote_answer(quote: Quote) -> dict[str, Any]:
    return {
        "engagement": quote.engagement.reference,
        "version": quote.version,
        "status": quote.status,
        "answered_by_name": quote.answered_by_name,
        "answered_at": quote.answered_at.isoformat() if quote.answered_at else None,
        "answered_from_ip": quote.answered_from_ip,
        "decline_reason": quote.decline_reason,
    }


def _acceptance(acceptance: OfflineAcceptance) -> dict[str, Any]:
    return {
        "quote": acceptance.quote_id,
        "channel": acceptance.channel,
        "note": acceptance.note,
        "signed_copy": acceptance.signed_copy_name,
        "recorded_at": acceptance.recorded_at.isoformat(),
    }


def _agreement(agreement: ProcessorAgreement) -> dict[str, Any]:
    return {
        "engagement": agreement.engagement.reference,
        "version": agreement.version,
        "signed_on": agreement.signed_on.isoformat(),
        "signer_name": agreement.signer_name,
        "signer_role": agreement.signer_role,
        "document": agreement.document_name,
    }


def _audit(entry: AuditEntry) -> dict[str, Any]:
    return {
        "at": entry.at.isoformat(),
        "engagement": entry.engagement.reference if entry.engagement else None,
        "action": entry.action,
        "details": entry.details,
    }
