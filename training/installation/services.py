"""Verbs of installation: the plan from the user list, methods, bookings, statuses, the
instructions e-mail with its one-time "installed" link, and the quote's installation lines."""

import secrets
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.models import Engagement
from engagements.personal_links import (
    LinkExpired,
    LinkInvalid,
    nonce_matches,
    personal_link_open,
    personal_link_token,
)
from engagements.planning.models import Sprint, SprintStatus
from engagements.planning.services import sprint_create, sprint_set_status
from engagements.quotes.models import CatalogueItem, ComputerLiteracy, CustomerUser, Quote
from engagements.quotes.services import quote_line_add, quote_line_remove, quote_line_update
from engagements.services import audit_log
from training.installation.instructions import instructions_pdf, operating_system_of
from training.installation.models import Installation, InstallationStatus, Method
from training.installation.selectors import method_counts

LINK_SALT = "training.installation.installed-link"
# The catalogue's installation items (engagements/quotes/catalogue.py), per method.
CATALOGUE_CODES = {
    Method.ON_SITE: "install-onsite",
    Method.REMOTE: "install-remote",
    Method.INSTRUCTIONS: "install-guided",
}
TRANSITIONS: dict[str, frozenset[str]] = {
    InstallationStatus.PLANNED: frozenset({"installed", "problem", "waived"}),
    InstallationStatus.INSTALLED: frozenset({"verified", "problem", "planned"}),
    InstallationStatus.VERIFIED: frozenset({"problem"}),
    InstallationStatus.PROBLEM: frozenset({"planned", "installed", "waived"}),
    InstallationStatus.WAIVED: frozenset({"planned"}),
}


class InstallationError(DomainError):
    """An installation rule was broken; the message says which."""


class InstallationLinkError(DomainError):
    """The "installed" link cannot be used: `kind` is "invalid", "expired" or "used"."""

    def __init__(self, message: str, *, kind: str):
        super().__init__(message)
        self.kind = kind


def _check_literacy(customer_user: CustomerUser, method: str, reason: str) -> None:
    if (
        method == Method.INSTRUCTIONS
        and customer_user.computer_literacy != ComputerLiteracy.HIGH
        and not reason.strip()
    ):
        raise InstallationError(
            _(
                "%(name)s is not marked with high computer literacy: say why instructions are enough, "
                "or choose on site or remote."
            )
            % {"name": customer_user.name}
        )


def _default_method(customer_user: CustomerUser) -> str:
    # Instructions are the cheapest for the customer, and only for people who manage on their own.
    return Method.INSTRUCTIONS if customer_user.computer_literacy == ComputerLiteracy.HIGH else Method.REMOTE


@transaction.atomic
def installation_add(
    *,
    customer_user: CustomerUser,
    user: AbstractBaseUser,
    device: str | None = None,
    operating_system: str = "",
    method: str = "",
    method_reason: str = "",
) -> Installation:
    """Plan one installation for a person and device; the method defaults from their literacy."""
    method = method or _default_method(customer_user)
    _check_literacy(customer_user, method, method_reason)
    installation = Installation(
        engagement_id=customer_user.engagement_id,
        customer_user=customer_user,
        device=(customer_user.device if device is None else device).strip(),
        operating_system=operating_system or operating_system_of(customer_user.operating_system),
        method=method,
        method_reason=method_reason.strip() if method == Method.INSTRUCTIONS else "",
    )
    installation.full_clean()
    installation.save()
    audit_log(
        action="installation.planned",
        user=user,
        engagement=customer_user.engagement,
        details={
            "installation": installation.pk,
            "person": customer_user.name,
            "device": installation.device,
            "method": method,
            **({"reason": installation.method_reason} if installation.method_reason else {}),
        },
    )
    _sync_quote_if_draft(customer_user.engagement, user)
    return installation


@transaction.atomic
def installation_plan_from_user_list(*, engagement: Engagement, user: AbstractBaseUser) -> list[Installation]:
    """One installation for every person on the user list who has none yet, with their device and
    operating system; on site or remote unless they are marked with high computer literacy."""
    Engagement.objects.select_for_update().filter(pk=engagement.pk).first()
    planned = []
    for person in engagement.customer_users.filter(installations__isnull=True):
        planned.append(
            installation_add(customer_user=person, user=user, device=person.device)  # no reason needed
        )
    return planned


@transaction.atomic
def installation_change(
    *,
    installation: Installation,
    user: AbstractBaseUser,
    method: str,
    method_reason: str = "",
    operating_system: str | None = None,
    device: str | None = None,
) -> Installation:
    """Change the method (instructions for someone without high literacy needs a reason), the
    operating system or the device."""
    installation = (
        Installation.objects.select_for_update().select_related("customer_user").get(pk=installation.pk)
    )
    _check_literacy(installation.customer_user, method, method_reason)
    before = {
        "method": installation.method,
        "os": installation.operating_system,
        "device": installation.device,
    }
    installation.method = method
    installation.method_reason = method_reason.strip() if method == Method.INSTRUCTIONS else ""
    if operating_system is not None:
        installation.operating_system = operating_system
    if device is not None:
        installation.device = device.strip()
    installation.full_clean()
    installation.save()
    after = {
        "method": installation.method,
        "os": installation.operating_system,
        "device": installation.device,
    }
    audit_log(
        action="installation.changed",
        user=user,
        engagement=installation.engagement,
        details={
            "installation": installation.pk,
            **{key: [before[key], after[key]] for key in before if before[key] != after[key]},
            **({"reason": installation.method_reason} if installation.method_reason else {}),
        },
    )
    if before["method"] != after["method"]:
        _sync_quote_if_draft(installation.engagement, user)
    return installation


@transaction.atomic
def installation_book(
    *,
    installations: list[Installation],
    user: AbstractBaseUser,
    consultant: AbstractBaseUser,
    day: date,
    slot: str,
    override_reason: str = "",
) -> Sprint:
    """Book on-site or remote installations as one sprint in the planning calendar.

    1. Refuse instructions (they are sent, not booked) and installations of another engagement.
    2. Book the sprint through planning's `sprint_create`: a double-booked consultant, a weekend,
       a Swedish holiday or a date outside the plan is refused there, with its sentences
       (SprintRefused), unless `override_reason` says why.
    3. Point the installations at the new sprint; a sprint they leave with nothing else booked
       on it is marked moved.
    """
    if not installations:
        raise InstallationError(_("Choose at least one installation to book."))
    engagement = installations[0].engagement
    locked = list(
        Installation.objects.select_for_update()
        .select_related("customer_user")
        .filter(pk__in=[i.pk for i in installations])
    )
    if any(i.engagement_id != engagement.pk for i in locked):
        raise InstallationError(_("These installations belong to different engagements."))
    for installation in locked:
        if installation.method == Method.INSTRUCTIONS:
            raise InstallationError(
                _("%(name)s installs with instructions; those are sent, not booked.")
                % {"name": installation.customer_user.name}
            )
    with translation.override(engagement.customer.language):
        goal = gettext("Installation of the Dropbox app")
        tasks = "\n".join(
            f"{i.customer_user.name} – {i.device or i.get_operating_system_display()}"
            f" ({i.get_method_display()})"
            for i in locked
        )
    sprint = sprint_create(
        engagement=engagement,
        user=user,
        consultant=consultant,
        day=day,
        slot=slot,
        goal=goal,
        tasks=tasks,
        override_reason=override_reason,
    )
    left = {i.sprint_id for i in locked if i.sprint_id}
    for installation in locked:
        installation.sprint = sprint
        installation.consultant = consultant
        installation.full_clean()
        installation.save(update_fields=["sprint", "consultant", "updated_at"])
    for old in Sprint.objects.filter(pk__in=left, status=SprintStatus.PLANNED):
        if not old.installations.exists():
            sprint_set_status(sprint=old, user=user, status=SprintStatus.MOVED)
    audit_log(
        action="installation.booked",
        user=user,
        engagement=engagement,
        details={
            "installations": [i.pk for i in locked],
            "sprint": sprint.pk,
            "date": day.isoformat(),
            "consultant": consultant.get_username(),
        },
    )
    return sprint


def _transition(installation: Installation, *, user, to: str, note: str = "", via: str = "") -> Installation:
    locked = Installation.objects.select_for_update().get(pk=installation.pk)
    if to not in TRANSITIONS.get(locked.status, frozenset()):
        raise InstallationError(
            _("An installation that is %(from)s cannot be marked %(to)s.")
            % {
                "from": InstallationStatus(locked.status).label.lower(),
                "to": InstallationStatus(to).label.lower(),
            }
        )
    previous = locked.status
    locked.status = to
    locked.status_note = note.strip() if to in (InstallationStatus.PROBLEM, InstallationStatus.WAIVED) else ""
    now = timezone.now()
    if to == InstallationStatus.INSTALLED:
        locked.installed_at = now
        locked.link_nonce = ""  # an earlier link has nothing left to confirm
    if to == InstallationStatus.VERIFIED:
        locked.verified_at = now
    locked.full_clean()
    locked.save()
    audit_log(
        action=f"installation.{to}",
        user=user,
        engagement=locked.engagement,
        details={
            "installation": locked.pk,
            "from": previous,
            **({"note": locked.status_note} if locked.status_note else {}),
            **({"via": via} if via else {}),
        },
    )
    return locked


def _require_note(note: str, message: str) -> None:
    if not note.strip():
        raise InstallationError(message)


@transaction.atomic
def installation_mark_installed(*, installation: Installation, user: AbstractBaseUser | None) -> Installation:
    return _transition(installation, user=user, to=InstallationStatus.INSTALLED)


@transaction.atomic
def installation_verify(*, installation: Installation, user: AbstractBaseUser) -> Installation:
    """A consultant has checked that the app syncs and the person reaches their folders."""
    return _transition(installation, user=user, to=InstallationStatus.VERIFIED)


@transaction.atomic
def installation_report_problem(
    *, installation: Installation, user: AbstractBaseUser, problem: str
) -> Installation:
    _require_note(problem, _("Say what the problem is."))
    return _transition(installation, user=user, to=InstallationStatus.PROBLEM, note=problem)


@transaction.atomic
def installation_waive(*, installation: Installation, user: AbstractBaseUser, reason: str) -> Installation:
    """No installation for this person and device after all (they left, the device is retired...)."""
    _require_note(reason, _("Say why this installation is not needed."))
    return _transition(installation, user=user, to=InstallationStatus.WAIVED, note=reason)


@transaction.atomic
def installation_replan(*, installation: Installation, user: AbstractBaseUser) -> Installation:
    return _transition(installation, user=user, to=InstallationStatus.PLANNED)


# --- The instructions e-mail and its one-time link ---


def installed_link_max_age() -> timedelta:
    return timedelta(days=settings.INSTALLATION_LINK_MAX_AGE_DAYS)


def installed_link_url(installation: Installation) -> str:
    token = personal_link_token(salt=LINK_SALT, pk=installation.pk, nonce=installation.link_nonce)
    return settings.SITE_URL + reverse("training_installation:installed", args=[token])


@transaction.atomic
def installation_instructions_send(*, installation: Installation, user: AbstractBaseUser) -> Installation:
    """E-mail the person the instructions for their operating system (the PDF attached) and a
    personal link to confirm the installation. A new link replaces the one sent before.

    The mail goes out inside the transaction: a refusing mail server leaves nothing recorded
    (OSError, smtplib.SMTPException reach the caller)."""
    locked = (
        # Lock the installation only: the coordinator is the nullable side of an outer join.
        Installation.objects.select_for_update(of=("self",))
        .select_related(
            "customer_user", "engagement__customer", "engagement__seller", "engagement__coordinator"
        )
        .get(pk=installation.pk)
    )
    if locked.status not in (InstallationStatus.PLANNED, InstallationStatus.PROBLEM):
        raise InstallationError(
            _("%(name)s is already %(status)s; there is nothing to confirm.")
            % {"name": locked.customer_user.name, "status": locked.get_status_display().lower()}
        )
    locked.link_nonce = secrets.token_urlsafe(12)
    locked.instructions_sent_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["link_nonce", "instructions_sent_at", "updated_at"])
    engagement = locked.engagement
    language = engagement.customer.language
    with translation.override(language):
        context = {
            "installation": locked,
            "person": locked.customer_user,
            "engagement": engagement,
            "link": installed_link_url(locked),
            "valid_until": timezone.localdate() + installed_link_max_age(),
        }
        subject = " ".join(
            render_to_string("training/installation/email/instructions_subject.txt", context).split()
        )
        body = render_to_string("training/installation/email/instructions.txt", context)
        filename = gettext("Dropbox-installation-%(os)s.pdf") % {"os": locked.get_operating_system_display()}
    pdf = instructions_pdf(engagement=engagement, operating_system=locked.operating_system)
    reply_to = [p.email for p in (engagement.coordinator, engagement.seller) if p is not None and p.email][:1]
    message = EmailMessage(subject, body, to=[locked.customer_user.email], reply_to=reply_to or None)
    message.attach(filename, pdf, "application/pdf")
    message.send()
    audit_log(
        action="installation.instructions_sent",
        user=user,
        engagement=engagement,
        details={"installation": locked.pk, "to": locked.customer_user.email, "os": locked.operating_system},
    )
    return locked


def installation_link_check(*, token: str) -> Installation:
    """The installation a link confirms, or InstallationLinkError saying why it cannot be used."""
    try:
        pk, nonce = personal_link_open(salt=LINK_SALT, token=token, max_age=installed_link_max_age())
    except LinkExpired as error:
        raise InstallationLinkError(_("This link has expired."), kind="expired") from error
    except LinkInvalid as error:
        raise InstallationLinkError(_("This link is not valid."), kind="invalid") from error
    installation = (
        Installation.objects.select_related("customer_user", "engagement__customer").filter(pk=pk).first()
    )
    if installation is None:
        raise InstallationLinkError(_("This link is not valid."), kind="invalid")
    if not nonce_matches(installation.link_nonce, nonce):
        raise InstallationLinkError(_("This link has already been used."), kind="used")
    return installation


@transaction.atomic
def installation_confirm_by_link(*, token: str) -> Installation:
    """The person confirms "installed" through their link: it works once, until it expires."""
    installation = installation_link_check(token=token)
    locked = Installation.objects.select_for_update().get(pk=installation.pk)
    if locked.link_nonce != installation.link_nonce:  # used by a parallel request meanwhile
        raise InstallationLinkError(_("This link has already been used."), kind="used")
    return _transition(locked, user=None, to=InstallationStatus.INSTALLED, via="link")


# --- The quote's installation lines ---


def _draft_of(engagement: Engagement) -> Quote | None:
    return engagement.quotes.filter(status=Quote.Status.DRAFT).first()


def _sync_quote_if_draft(engagement: Engagement, user) -> None:
    if _draft_of(engagement) is not None:
        installation_quote_sync(engagement=engagement, user=user)


@transaction.atomic
def installation_quote_sync(*, engagement: Engagement, user: AbstractBaseUser) -> Quote:
    """Set the draft quote's installation lines (on site, remote, instructions) to the number of
    people planned for each method; a method nobody has loses its line. Refused, with a sentence,
    when the quote has been sent and there is no new draft."""
    draft = _draft_of(engagement)
    if draft is None:
        latest = engagement.quotes.order_by("-version").first()
        if latest is None:
            raise InstallationError(_("There is no quote yet to put the installations on."))
        raise InstallationError(
            _(
                "Version %(version)s of the quote has been sent, so its installation lines cannot change; "
                "make a new version of the quote first."
            )
            % {"version": latest.version}
        )
    counts = method_counts(engagement=engagement)
    items = {item.code: item for item in CatalogueItem.objects.filter(code__in=CATALOGUE_CODES.values())}
    for method, code in CATALOGUE_CODES.items():
        item = items.get(code)
        if item is None:
            continue
        wanted = Decimal(counts.get(method, 0))
        line = draft.lines.filter(catalogue_item=item).order_by("position", "pk").first()
        if line is None:
            if wanted:
                quote_line_add(quote=draft, user=user, catalogue_item=item, quantity=wanted)
        elif not wanted:
            quote_line_remove(line=line, user=user)
        elif line.quantity != wanted:
            quote_line_update(line=line, user=user, quantity=wanted)
    return draft
