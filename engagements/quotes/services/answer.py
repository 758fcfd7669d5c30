"""A quote leaves the house and comes back: send, accept, decline, expire."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engagements.errors import DomainError
from engagements.phases import Phase
from engagements.quotes.models import Quote
from engagements.quotes.notes import QUOTE_ACCEPTED, QUOTE_SENT
from engagements.services import audit_log, engagement_advance


class QuoteAnswerError(DomainError):
    """The customer's answer cannot be taken (expired, superseded, already answered ...)."""


class QuoteSendError(DomainError):
    pass


@transaction.atomic
def quote_send(
    *, quote: Quote, user: AbstractBaseUser, advance_engagement: bool = True, notify_customer: bool = True
) -> Quote:
    """Send a draft to the customer.

    1. Lock the quote; only a draft with at least one line and a validity date not passed goes out.
    2. Render the PDF once, in the customer's language, and keep its bytes: a sent version
       never changes, so every later download serves exactly what the customer was sent.
    3. Mark it sent (which freezes it). An earlier version still open to the customer is
       superseded now, not when this one was started: until this moment they could answer it.
    4. Move the engagement from discovery to quoted (unless the caller moves it itself:
       `advance_engagement=False`, as the demo loader does).
    5. After commit, e-mail the customer's contacts that the quote waits on their status page.
    """
    from engagements.quotes.pdf import quote_pdf_render
    from engagements.quotes.tasks import quote_notify_customer

    locked = Quote.objects.select_for_update().select_related("engagement__customer").get(pk=quote.pk)
    if locked.status != Quote.Status.DRAFT:
        raise QuoteSendError(_("Version %(version)s has already been sent.") % {"version": locked.version})
    if not locked.lines.exists():
        raise QuoteSendError(_("A quote needs at least one line item before it is sent."))
    if locked.valid_until < timezone.localdate():
        raise QuoteSendError(_("The validity date has passed; set a new one before sending."))
    accepted = locked.engagement.quotes.filter(status=Quote.Status.ACCEPTED).values_list("version", flat=True)
    if accepted:
        raise QuoteSendError(
            _("Version %(version)s has been accepted; a new version cannot be sent.")
            % {"version": accepted[0]}
        )
    locked.language = locked.engagement.customer.language
    locked.save(update_fields=["language"])
    locked.frozen_pdf = quote_pdf_render(quote=locked)
    locked.status = Quote.Status.SENT
    locked.sent_at = timezone.now()
    locked.sent_by = user
    locked.full_clean()
    locked.save(update_fields=["frozen_pdf", "status", "sent_at", "sent_by"])
    audit_log(
        action="quote.sent", user=user, engagement=locked.engagement, details={"version": locked.version}
    )
    _supersede_open_versions(locked, user=user)
    if advance_engagement and locked.engagement.phase == Phase.DISCOVERY:
        engagement_advance(
            engagement=locked.engagement,
            to_phase=Phase.QUOTED,
            user=user,
            note_key=QUOTE_SENT,
            note_params={"version": locked.version},
        )
    if notify_customer:
        quote_notify_customer.delay_on_commit(locked.pk)
    _copy_answer(locked, quote)
    return quote


def _supersede_open_versions(sent: Quote, *, user: AbstractBaseUser | None) -> None:
    """Earlier versions the customer could still answer are superseded by the one just sent."""
    for earlier in Quote.objects.select_for_update().filter(
        engagement_id=sent.engagement_id, status=Quote.Status.SENT, version__lt=sent.version
    ):
        earlier.status = Quote.Status.SUPERSEDED
        earlier.save(update_fields=["status"])
        audit_log(
            action="quote.superseded",
            user=user,
            engagement=sent.engagement,
            details={"version": earlier.version, "by_version": sent.version},
        )


def discard_draft_after_acceptance(accepted: Quote, *, user: AbstractBaseUser | None) -> None:
    """The customer accepted a sent version while the next one was being written: the draft is
    moot (an accepted quote is not revised), so it is deleted, with an audit row naming it."""
    for draft in Quote.objects.select_for_update().filter(
        engagement_id=accepted.engagement_id, status=Quote.Status.DRAFT
    ):
        audit_log(
            action="quote.draft_discarded",
            user=user,
            engagement=accepted.engagement,
            details={"version": draft.version, "accepted_version": accepted.version},
        )
        draft.delete()


def _answerable(quote_pk: int) -> Quote:
    """Lock the quote and refuse, with a sentence, anything but an open sent version."""
    quote = Quote.objects.select_for_update().select_related("engagement").get(pk=quote_pk)
    if quote.status == Quote.Status.SENT and quote.valid_until < timezone.localdate():
        raise QuoteAnswerError(
            _("This quote expired on %(date)s; ask us for a new one.")
            % {"date": date_format(quote.valid_until, "DATE_FORMAT")}
        )
    refusals = {
        Quote.Status.DRAFT: _("This quote has not been sent yet."),
        Quote.Status.EXPIRED: _("This quote has expired; ask us for a new one."),
        Quote.Status.SUPERSEDED: _("A newer version of this quote has been sent; please answer that one."),
        Quote.Status.ACCEPTED: _("This quote has already been accepted."),
        Quote.Status.DECLINED: _("This quote has already been declined."),
    }
    if quote.status in refusals:
        raise QuoteAnswerError(refusals[quote.status])
    return quote


@transaction.atomic
def quote_accept(
    *,
    quote: Quote,
    name: str,
    ip: str | None,
    user: AbstractBaseUser | None,
    advance_engagement: bool = True,
    notify_seller: bool = True,
) -> Quote:
    """The customer accepts by typing their name. Name, time and IP are kept; the seller is told;
    the engagement moves to planning when it is waiting in quoted."""
    name = name.strip()
    if not name:
        raise QuoteAnswerError(_("Type your name to accept the quote."))
    locked = _answerable(quote.pk)
    _record_answer(locked, status=Quote.Status.ACCEPTED, name=name, ip=ip, user=user)
    audit_log(
        action="quote.accepted",
        user=user,
        engagement=locked.engagement,
        details={"version": locked.version, "name": name, "ip": ip},
    )
    _after_acceptance(
        locked,
        quote,
        user=user,
        phase_note=(QUOTE_ACCEPTED, {"version": locked.version, "name": name}),
        advance_engagement=advance_engagement,
        notify_seller=notify_seller,
    )
    return quote


def _after_acceptance(
    locked: Quote,
    quote: Quote,
    *,
    user,
    phase_note: tuple[str, dict],
    advance_engagement: bool,
    notify_seller: bool,
) -> None:
    """What follows an acceptance, however it came: a draft of the next version is discarded, the
    engagement moves from quoted to planning, the seller is told after commit, and the caller's
    quote object sees the answer."""
    from engagements.quotes.tasks import quote_notify_seller

    discard_draft_after_acceptance(locked, user=user)
    if advance_engagement and locked.engagement.phase == Phase.QUOTED:
        note_key, note_params = phase_note
        engagement_advance(
            engagement=locked.engagement,
            to_phase=Phase.PLANNING,
            user=user,
            note_key=note_key,
            note_params=note_params,
        )
    if notify_seller:
        quote_notify_seller.delay_on_commit(locked.pk)
    _copy_answer(locked, quote)


@transaction.atomic
def quote_decline(
    *,
    quote: Quote,
    name: str,
    reason: str,
    ip: str | None,
    user: AbstractBaseUser | None,
    notify_seller: bool = True,
) -> Quote:
    from engagements.quotes.tasks import quote_notify_seller

    if not reason.strip():
        raise QuoteAnswerError(_("Tell us why, so we can do better."))
    locked = _answerable(quote.pk)
    locked.decline_reason = reason.strip()
    _record_answer(locked, status=Quote.Status.DECLINED, name=name.strip(), ip=ip, user=user)
    audit_log(
        action="quote.declined",
        user=user,
        engagement=locked.engagement,
        details={"version": locked.version, "name": name, "ip": ip, "reason": locked.decline_reason},
    )
    if notify_seller:
        quote_notify_seller.delay_on_commit(locked.pk)
    _copy_answer(locked, quote)
    return quote


def _record_answer(
    quote: Quote, *, status: str, name: str, ip: str | None, user: AbstractBaseUser | None, at=None
) -> None:
    quote.status = status
    quote.answered_at = at or timezone.now()
    quote.answered_by_name = name
    quote.answered_from_ip = ip
    quote.answered_by = user if user is not None and user.is_authenticated else None
    # The content of a sent version is frozen and was checked when it was sent; a limit added
    # since must not stop the customer from answering it.
    quote.full_clean(exclude=[*Quote.CONTENT_FIELDS, "frozen_pdf"])
    quote.save(
        update_fields=[
            "status",
            "answered_at",
            "answered_by_name",
            "answered_from_ip",
            "answered_by",
            "decline_reason",
        ]
    )


def _copy_answer(source: Quote, target: Quote) -> None:
    """Hand the caller's instance the new state, so a view rendering it shows what happened."""
    if source is target:
        return
    for name in ("status", "sent_at", "answered_at", "answered_by_name", "decline_reason", "language"):
        setattr(target, name, getattr(source, name))
    target._loaded_status = source.status
    if "engagement" in target._state.fields_cache:
        target.engagement.phase = source.engagement.phase


@transaction.atomic
def quotes_expire_overdue(*, today=None) -> int:
    """Mark sent quotes whose validity date has passed as expired; returns how many."""
    today = today or timezone.localdate()
    overdue = list(
        Quote.objects.select_for_update()
        .select_related("engagement")
        .filter(status=Quote.Status.SENT, valid_until__lt=today)
    )
    for quote in overdue:
        quote.status = Quote.Status.EXPIRED
        quote.save(update_fields=["status"])
        audit_log(
            action="quote.expired", user=None, engagement=quote.engagement, details={"version": quote.version}
        )
    return len(overdue)
