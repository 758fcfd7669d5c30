"""The phase notes the quote services write (engagements.notes): kept as a key and parameters,
read in the reader's language. The channel of an acceptance is stored as its value and shown as
its label."""

from django.utils.translation import gettext_lazy as _

from engagements.notes import register_system_note
from engagements.quotes.models import OfflineAcceptance

QUOTE_SENT = "quote.sent"
QUOTE_ACCEPTED = "quote.accepted"
QUOTE_ACCEPTANCE_RECORDED = "quote.acceptance_recorded"


def _channel_label(value: str) -> str:
    return str(OfflineAcceptance.Channel(value).label)


def register_quote_notes() -> None:
    register_system_note(QUOTE_SENT, _("Quote version %(version)s sent."))
    register_system_note(QUOTE_ACCEPTED, _("Quote version %(version)s accepted by %(name)s."))
    register_system_note(
        QUOTE_ACCEPTANCE_RECORDED,
        _("Quote version %(version)s accepted by %(name)s (%(channel)s), recorded by %(recorder)s."),
        labels={"channel": _channel_label},
    )
