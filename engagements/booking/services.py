"""Booking a first call: the seller, the customer and contact, the engagement, the answers."""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from engagements import roles
from engagements.errors import DomainError
from engagements.models import Customer, MeetingRequest, SellerRotation
from engagements.quotes.services.discovery import discovery_record_update
from engagements.services import NewContact, NewCustomer, audit_log, contact_create, engagement_create
from engagements.validators import normalise_organisation_number


class NoSellerError(DomainError):
    """Nobody in sales can take the request (no active sales staff)."""


@dataclass(frozen=True)
class MeetingAnswers:
    """What the prospect wrote on the page (MeetingRequestForm's cleaned data)."""

    company: str
    organisation_number: str
    name: str
    email: str
    phone: str
    user_count: int
    data_amount: str
    preferred_times: str
    file_server: str = ""
    mail: str = ""
    hopes: str = ""


def eligible_sellers():
    """Active sales staff who may own an engagement (never a customer's login)."""
    return (
        get_user_model()
        .objects.filter(groups__name=roles.SALES, is_active=True)
        .exclude(groups__name=roles.CUSTOMER)
        .exclude(customer_contact__isnull=False)
        .order_by("username")
        .distinct()
    )


def seller_next_in_turn() -> AbstractBaseUser:
    """The seller after the last one given a request in turn, by username, round the list.

    1. Lock the one rotation row (made on first use), so a request booked at the same moment waits
       and then takes the seller after this one.
    2. The list is read inside the lock: a seller added or deactivated since is counted or skipped.
    Call inside a transaction.
    """
    SellerRotation.objects.get_or_create(pk=1)
    rotation = SellerRotation.objects.select_for_update().get(pk=1)
    sellers = list(eligible_sellers())
    if not sellers:
        raise NoSellerError(_("No seller can take the request at the moment."))
    seller = next((s for s in sellers if s.get_username() > rotation.last_username), sellers[0])
    rotation.last_username = seller.get_username()
    rotation.save(update_fields=["last_username"])
    return seller


def _seller_of_customer(customer: Customer) -> AbstractBaseUser | None:
    """The seller of the customer's latest engagement, if they are still in sales."""
    latest = customer.engagements.order_by("-created_at", "-pk").first()
    if latest is None:
        return None
    return eligible_sellers().filter(pk=latest.seller_id).first()


@transaction.atomic
def meeting_request_book(
    *, answers: MeetingAnswers, language: str, seller_username: str = ""
) -> MeetingRequest:
    """Open an engagement in discovery for the prospect and keep their answers.

    1. The seller: the one named in the link if they are active sales staff; else, for a company
       we know, the seller of its latest engagement; else the next in turn (seller_next_in_turn).
    2. A known organisation number gets a new engagement of the existing customer (its name and
       details are not changed by what was typed); the contact is the customer's one with that
       e-mail address, or a new one. A new company is created with the contact.
    3. The discovery record starts with what they said (users, mail, file server, hopes).
    4. After commit, the seller and the prospect are e-mailed (engagements.tasks).
    The page says the same whichever way step 1 and 2 went. Raises ValidationError (per field) or
    NoSellerError.
    """
    language = language if language in Customer.Language.values else Customer.Language.SWEDISH
    number = normalise_organisation_number(answers.organisation_number)
    customer = Customer.objects.filter(organisation_number=number).first()

    seller, chosen = None, MeetingRequest.SellerChoice.TURN
    if seller_username:
        seller = eligible_sellers().filter(username=seller_username).first()
        chosen = MeetingRequest.SellerChoice.LINK
    if seller is None and customer is not None:
        seller = _seller_of_customer(customer)
        chosen = MeetingRequest.SellerChoice.CUSTOMER
    if seller is None:
        seller = seller_next_in_turn()
        chosen = MeetingRequest.SellerChoice.TURN

    contact_data = NewContact(name=answers.name, email=answers.email, phone=answers.phone)
    with translation.override(language):
        title = _("First call, booked on the web")
    if customer is None:
        engagement = engagement_create(
            customer=NewCustomer(name=answers.company, organisation_number=number, language=language),
            title=title,
            seller=seller,
            user=None,
            new_contacts=[contact_data],
        )
        contact = engagement.customer.contacts.get(email=contact_data.email.strip())
    else:
        engagement = engagement_create(customer=customer, title=title, seller=seller, user=None)
        contact = customer.contacts.filter(email__iexact=answers.email.strip()).first()
        if contact is None:
            contact = contact_create(customer=customer, data=contact_data, user=None, engagement=engagement)

    discovery_record_update(
        engagement=engagement,
        user=None,
        data={
            "user_count": answers.user_count,
            "mail_provider": answers.mail.strip(),
            "other_systems": answers.file_server.strip(),
            "expectations": answers.hopes.strip(),
        },
    )
    meeting_request = MeetingRequest(
        engagement=engagement,
        contact=contact,
        user_count=answers.user_count,
        data_amount=answers.data_amount,
        file_server=answers.file_server.strip(),
        mail=answers.mail.strip(),
        hopes=answers.hopes.strip(),
        preferred_times=answers.preferred_times.strip(),
        language=language,
        seller_chosen=chosen,
        known_customer=customer is not None,
    )
    meeting_request.full_clean()
    meeting_request.save()
    audit_log(
        action="meeting_request.booked",
        user=None,
        engagement=engagement,
        details={"meeting_request": meeting_request.pk, "seller": seller.pk, "seller_chosen": chosen},
    )
    from engagements.tasks import meeting_request_confirm, meeting_request_notify_seller

    meeting_request_notify_seller.delay_on_commit(meeting_request.pk)
    meeting_request_confirm.delay_on_commit(meeting_request.pk)
    return meeting_request
