"""Verbs that change engagements. Views, admin, commands and tasks call these."""

import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from engagements import roles
from engagements.errors import ContactInvitationError, PhaseTransitionError
from engagements.models import (
    AuditEntry,
    Contact,
    Customer,
    Engagement,
    PhaseChange,
    ReferenceSequence,
    StaffProfile,
)
from engagements.notes import is_registered
from engagements.phases import Phase, guards_for, is_allowed
from engagements.sign_in_links import sign_in_link_send

logger = logging.getLogger(__name__)


def audit_log(
    *,
    action: str,
    user: AbstractBaseUser | None,
    engagement: Engagement | None = None,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    actor = user if user is not None and user.is_authenticated else None
    return AuditEntry.objects.create(engagement=engagement, actor=actor, action=action, details=details or {})


def _next_reference(*, year: int) -> str:
    """Hand out MF-<year>-<nnnn>; the row lock keeps two callers from getting the same one."""
    ReferenceSequence.objects.get_or_create(year=year)
    sequence = ReferenceSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"MF-{year}-{sequence.last_number:04d}"


@dataclass(frozen=True)
class NewCustomer:
    """A customer to create together with its first engagement."""

    name: str
    organisation_number: str
    street_address: str = ""
    postal_code: str = ""
    city: str = ""
    language: str = Customer.Language.SWEDISH


@dataclass(frozen=True)
class NewContact:
    """A person at the customer, added to the customer with the engagement."""

    name: str
    email: str
    phone: str = ""
    role: str = ""


@transaction.atomic
def customer_create(*, data: NewCustomer, user: AbstractBaseUser | None) -> Customer:
    """Create a customer; its organisation number is checked and stored as NNNNNN-NNNN."""
    customer = Customer(
        name=data.name.strip(),
        organisation_number=data.organisation_number,
        street_address=data.street_address.strip(),
        postal_code=data.postal_code.strip(),
        city=data.city.strip(),
        language=data.language,
    )
    customer.full_clean()  # validates the number, normalises it (Customer.clean), then checks it is unique
    customer.save()
    audit_log(action="customer.created", user=user, details={"customer": customer.pk, "name": customer.name})
    return customer


@transaction.atomic
def contact_create(
    *,
    customer: Customer,
    data: NewContact,
    user: AbstractBaseUser | None,
    engagement: Engagement | None = None,
) -> Contact:
    """Add a contact to the customer; the customer's first contact becomes its primary one."""
    contact = Contact(
        customer=customer,
        name=data.name.strip(),
        email=data.email.strip(),
        phone=data.phone.strip(),
        role=data.role.strip(),
        is_primary=not customer.contacts.filter(is_primary=True).exists(),
    )
    contact.full_clean()
    contact.save()
    audit_log(
        action="contact.created",
        user=user,
        engagement=engagement,
        details={"contact": contact.pk, "customer": customer.pk},
    )
    return contact


def _refuse_customer_login(person: AbstractBaseUser | None, *, field: str) -> None:
    """A seller or coordinator is never a customer's login nor a deactivated account. (The forms
    offer only active staff with the role; this keeps a hand-built call from doing otherwise.)"""
    if person is None:
        return
    if (
        not person.is_active
        or roles.has_role(person, roles.CUSTOMER)
        or Contact.objects.filter(user=person).exists()
    ):
        raise ValidationError(
            {field: _("%(name)s is not an active member of staff.") % {"name": person.get_username()}}
        )


@transaction.atomic
def engagement_create(
    *,
    customer: Customer | NewCustomer,
    title: str,
    seller: AbstractBaseUser,
    user: AbstractBaseUser | None,
    coordinator: AbstractBaseUser | None = None,
    planned_start: date | None = None,
    planned_end: date | None = None,
    new_contacts: Sequence[NewContact] = (),
) -> Engagement:
    """Open an engagement in discovery, with its reference MF-<year>-<nnnn>.

    1. `customer` is an existing customer, or a NewCustomer created here (org.nr checked).
    2. Neither the seller nor the coordinator may be a customer's login or deactivated.
    3. `new_contacts` are added to the customer (the first becomes primary if it has none).
    4. Everything happens in one transaction: a refused contact leaves no customer behind.
    Raises ValidationError (per field) for what a form should show.
    """
    _refuse_customer_login(seller, field="seller")
    _refuse_customer_login(coordinator, field="coordinator")
    if isinstance(customer, NewCustomer):
        customer = customer_create(data=customer, user=user)
    engagement = Engagement(
        customer=customer,
        title=title,
        seller=seller,
        coordinator=coordinator,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    engagement.reference = _next_reference(year=timezone.localdate().year)
    engagement.full_clean()
    engagement.save()
    PhaseChange.objects.create(
        engagement=engagement, from_phase="", to_phase=Phase.DISCOVERY, changed_by=_actor(user)
    )
    audit_log(action="engagement.created", user=user, engagement=engagement)
    for data in new_contacts:
        contact_create(customer=customer, data=data, user=user, engagement=engagement)
    return engagement


@transaction.atomic
def contact_invite(*, contact: Contact, engagement: Engagement, user: AbstractBaseUser) -> Contact:
    """Give a customer contact a login to the status page and e-mail them a one-time sign-in link.

    1. Lock the contact, so a double click makes one login.
    2. Without a login: create one (username and e-mail the contact's address, the customer
       role, an unusable password: they sign in by link). An address that already has an
       account is refused with a sentence rather than linked to someone else's account.
    3. With a login: it must be active and purely a customer's; a new link is sent (re-invite).
    4. Send the link in the customer's language inside the transaction: if the mail server
       refuses, no login is left behind and ContactInvitationError says so.
    """
    # Lock only the contact row: PostgreSQL refuses FOR UPDATE on the nullable side of the user join.
    contact = (
        Contact.objects.select_for_update(of=("self",)).select_related("customer", "user").get(pk=contact.pk)
    )
    if contact.customer_id != engagement.customer_id:
        raise ContactInvitationError(_("This contact belongs to another customer."))
    login = contact.user
    created = login is None
    if created:
        login = _customer_login_create(contact)
        contact.user = login
        contact.full_clean()
        contact.save(update_fields=["user"])
    elif not login.is_active or not roles.role_names(login) <= {roles.CUSTOMER}:
        raise ContactInvitationError(
            _("The login of %(name)s is not an active customer login; an administrator must look at it.")
            % {"name": contact.name}
        )
    with translation.override(contact.customer.language):
        subject = _("You are invited to follow your project at Macforum Projects")
        try:
            sign_in_link_send(
                user=login,
                subject=subject,
                template_name="engagements/email/invitation.txt",
                context={"contact": contact, "engagement": engagement, "invited_by": user},
            )
        except (smtplib.SMTPException, OSError) as error:
            logger.warning("Invitation of contact %s failed: %s", contact.pk, error)
            raise ContactInvitationError(
                _("The e-mail could not be sent (%(error)s). Nothing was changed; try again.")
                % {"error": error}
            ) from error
    audit_log(
        action="contact.invited",
        user=user,
        engagement=engagement,
        details={"contact": contact.pk, "login_created": created},
    )
    return contact


def _customer_login_create(contact: Contact) -> AbstractBaseUser:
    user_model = get_user_model()
    email = contact.email.strip()
    if (
        user_model.objects.filter(username__iexact=email).exists()
        or user_model.objects.filter(email__iexact=email).exists()
    ):
        raise ContactInvitationError(
            _(
                "An account with the address %(email)s already exists, so no login was made. "
                "Ask an administrator."
            )
            % {"email": email}
        )
    first_name, _space, last_name = contact.name.strip().partition(" ")
    login = user_model(
        username=email.lower(), email=email, first_name=first_name[:150], last_name=last_name[:150]
    )
    login.set_unusable_password()
    login.full_clean()
    login.save()
    login.groups.add(Group.objects.get_or_create(name=roles.CUSTOMER)[0])
    return login


@transaction.atomic
def staff_phone_set(*, staff: AbstractBaseUser, phone: str, user: AbstractBaseUser | None) -> StaffProfile:
    """The phone number customers see for a member of staff under “Who to call”."""
    profile, _created = StaffProfile.objects.select_for_update().get_or_create(user=staff)
    profile.phone = phone.strip()
    profile.full_clean()
    profile.save()
    audit_log(action="staff.phone_set", user=user, details={"staff": staff.pk})
    return profile


@transaction.atomic
def engagement_assign_staff(
    *,
    engagement: Engagement,
    user: AbstractBaseUser,
    consultants: list[AbstractBaseUser],
    coordinator: AbstractBaseUser | None = None,
) -> Engagement:
    if coordinator is not None:
        engagement.coordinator = coordinator
        engagement.full_clean()
        engagement.save(update_fields=["coordinator", "updated_at"])
    engagement.consultants.set(consultants)
    audit_log(
        action="engagement.staff_assigned",
        user=user,
        engagement=engagement,
        details={"consultants": [c.get_username() for c in consultants]},
    )
    return engagement


@transaction.atomic
def engagement_advance(
    *,
    engagement: Engagement,
    to_phase: str,
    user: AbstractBaseUser | None,
    note: str = "",
    note_key: str = "",
    note_params: dict[str, Any] | None = None,
) -> Engagement:
    """Move the engagement to `to_phase`.

    1. Lock the row, so two people pressing the button at once give one change.
    2. Check the table of allowed transitions, then every guard registered for the target.
    3. Save the phase, set the actual dates the phase implies, and write a PhaseChange row.
    Raises PhaseTransitionError with a sentence when the move is not allowed.

    `note` is what a person typed; a service passes `note_key` (registered in engagements.notes)
    and `note_params` instead, so the note reads in each reader's language.
    """
    if note_key and not is_registered(note_key):
        raise ValueError(f"No system note is registered as {note_key!r}.")
    locked = Engagement.objects.select_for_update().get(pk=engagement.pk)
    try:
        target = Phase(to_phase)
    except ValueError:
        raise PhaseTransitionError(_("“%(phase)s” is not a phase.") % {"phase": to_phase}) from None
    current = Phase(locked.phase)
    if current == target:
        raise PhaseTransitionError(
            _("The engagement is already in the phase “%(phase)s”.") % {"phase": target.label}
        )
    if not is_allowed(current, target):
        raise PhaseTransitionError(
            _("An engagement cannot go from “%(from)s” to “%(to)s”.")
            % {"from": current.label, "to": target.label}
        )
    for guard in guards_for(target):
        refusal = guard(locked)
        if refusal:
            raise PhaseTransitionError(refusal)

    locked.phase = target
    update_fields = ["phase", "updated_at"]
    today = timezone.localdate()
    if target == Phase.PLANNING and locked.actual_start is None:
        locked.actual_start = today
        update_fields.append("actual_start")
    if target in (Phase.CLOSED, Phase.CANCELLED) and locked.actual_end is None:
        locked.actual_end = today
        update_fields.append("actual_end")
    locked.full_clean()
    locked.save(update_fields=update_fields)
    PhaseChange.objects.create(
        engagement=locked,
        from_phase=current,
        to_phase=target,
        changed_by=_actor(user),
        note=note,
        note_key=note_key,
        note_params=note_params or {},
    )
    audit_log(
        action="engagement.phase_changed",
        user=user,
        engagement=locked,
        details={"from": current.value, "to": target.value},
    )
    # Hand the caller the fresh state, so a view rendering `engagement` sees the new phase.
    engagement.phase = locked.phase
    engagement.actual_start = locked.actual_start
    engagement.actual_end = locked.actual_end
    return locked


def _actor(user: AbstractBaseUser | None) -> AbstractBaseUser | None:
    return user if user is not None and user.is_authenticated else None
