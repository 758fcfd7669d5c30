"""An acceptance that came on paper or by e-mail, recorded by sales or a coordinator.

It ends where the customer's own acceptance on the status page ends: the quote accepted with
the name and time of the person who accepted, the seller told, the engagement moved to planning
through the phase service; and it is refused for the same reasons (expired, superseded, already
answered, not sent).
"""

from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from engagements.quotes.models import OfflineAcceptance, Quote
from engagements.quotes.notes import QUOTE_ACCEPTANCE_RECORDED
from engagements.quotes.services.answer import _after_acceptance, _answerable, _record_answer
from engagements.services import audit_log

MAX_SIGNED_COPY_BYTES = 10 * 1024 * 1024
# What a scanned or signed copy is, told by its first bytes, never by the name or the browser.
SIGNED_COPY_TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)


def signed_copy_read(upload: UploadedFile) -> tuple[bytes, str]:
    """The file's bytes and its type; ValidationError with a sentence if it is not a PDF or an
    image, or is too large to be one signed quote."""
    if upload.size > MAX_SIGNED_COPY_BYTES:
        raise ValidationError(_("The signed copy is larger than 10 MB; scan it at a lower resolution."))
    upload.seek(0)
    content = upload.read()
    for magic, content_type in SIGNED_COPY_TYPES:
        if content.startswith(magic):
            return content, content_type
    raise ValidationError(_("The signed copy must be a PDF, JPEG or PNG file."))


@transaction.atomic
def quote_accept_recorded(
    *,
    quote: Quote,
    user: AbstractBaseUser,
    name: str,
    accepted_at: datetime,
    channel: str,
    note: str = "",
    signed_copy: UploadedFile | None = None,
    advance_engagement: bool = True,
    notify_seller: bool = True,
) -> Quote:
    """Record that `name` accepted `quote` at `accepted_at`, reached us by `channel`.

    1. Check the input: a name, a known channel, a time neither in the future nor before the
       quote was sent, and evidence — a signed copy (PDF, JPEG or PNG) or a note saying where
       the acceptance is kept.
    2. Lock the quote and refuse, with the customer's own sentences, anything but an open sent
       version (expired, past its validity date, superseded, already answered).
    3. Mark it accepted with that name and time (no IP: it did not come through the site),
       keep how it came, the evidence and who recorded it, and audit it.
    4. Move the engagement from quoted to planning through `engagement_advance`, and tell the
       seller after commit, as a customer's acceptance does (the demo loader, which walks the
       phases itself, passes `advance_engagement=False`).
    """
    name, note = name.strip(), note.strip()
    errors: dict[str, str] = {}
    if not name:
        errors["name"] = _("Say who accepted the quote.")
    if channel not in OfflineAcceptance.Channel.values:
        errors["channel"] = _("Say how the acceptance came.")
    if timezone.is_naive(accepted_at):
        accepted_at = timezone.make_aware(accepted_at)
    if accepted_at > timezone.now():
        errors["accepted_at"] = _("The acceptance cannot be in the future.")
    content, content_type = None, ""
    if signed_copy:
        try:
            content, content_type = signed_copy_read(signed_copy)
        except ValidationError as error:
            errors["signed_copy"] = error.messages[0]
    elif not note:
        errors["note"] = _("Attach the signed copy, or write a note saying where the acceptance is kept.")
    if errors:
        raise ValidationError(errors)

    locked = _answerable(quote.pk)
    # The form gives minutes; a quote sent at 10:15:40 may be accepted "at 10:15".
    if locked.sent_at and accepted_at < locked.sent_at.replace(second=0, microsecond=0):
        raise ValidationError(
            {
                "accepted_at": _(
                    "Version %(version)s was sent on %(date)s; it cannot have been accepted before that."
                )
                % {
                    "version": locked.version,
                    "date": date_format(timezone.localtime(locked.sent_at), "DATETIME_FORMAT"),
                }
            }
        )
    _record_answer(locked, status=Quote.Status.ACCEPTED, name=name, ip=None, user=None, at=accepted_at)
    evidence = OfflineAcceptance(
        quote=locked,
        channel=channel,
        note=note,
        signed_copy=content,
        signed_copy_name=(signed_copy.name or "signed")[:200] if signed_copy else "",
        signed_copy_type=content_type,
        recorded_by=user,
    )
    evidence.full_clean(exclude=["quote"])
    evidence.save()
    audit_log(
        action="quote.acceptance_recorded",
        user=user,
        engagement=locked.engagement,
        details={
            "version": locked.version,
            "name": name,
            "accepted_at": accepted_at.isoformat(),
            "channel": channel,
            "signed_copy": evidence.signed_copy_name,
            "signed_copy_bytes": len(content) if content else 0,
            "note": note,
        },
    )
    _after_acceptance(
        locked,
        quote,
        user=user,
        phase_note=(
            QUOTE_ACCEPTANCE_RECORDED,
            {"version": locked.version, "name": name, "channel": channel, "recorder": _display_name(user)},
        ),
        advance_engagement=advance_engagement,
        notify_seller=notify_seller,
    )
    return quote


def _display_name(user: AbstractBaseUser) -> str:
    full_name = getattr(user, "get_full_name", lambda: "")()
    return full_name or user.get_username()
