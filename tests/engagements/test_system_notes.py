"""The system's phase notes are a key and parameters, read in the reader's language."""

from django.utils import timezone, translation

from engagements.models import PhaseChange
from engagements.notes import system_note_render
from engagements.phases import Phase
from engagements.privacy.anonymise import engagement_anonymise
from engagements.services import engagement_advance
from tests.language_fixtures import swedish  # noqa: F401 - fixture
from tests.quotes.factories import accepted_quote, sent_quote


def _note(engagement, to_phase):
    return PhaseChange.objects.get(engagement=engagement, to_phase=to_phase)


def test_a_sent_quote_leaves_a_key_not_a_sentence(english, engagement, sales):
    sent_quote(engagement, sales)

    change = _note(engagement, Phase.QUOTED)

    assert (change.note_key, change.note_params, change.note) == ("quote.sent", {"version": 1}, "")
    assert change.note_text == "Quote version 1 sent."


def test_an_acceptance_written_in_english_reads_in_swedish(swedish, engagement, sales):  # noqa: F811
    with translation.override("en"):
        accepted_quote(engagement, sales)

    assert _note(engagement, Phase.PLANNING).note_text == "Offert version 1 godkänd av Anna Åkesson."


def test_a_recorded_acceptance_names_its_channel_in_the_readers_language(
    english, engagement, sales, coordinator
):
    from engagements.quotes.services import quote_accept_recorded

    quote = sent_quote(engagement, sales)
    with translation.override("sv"):
        quote_accept_recorded(
            quote=quote,
            user=coordinator,
            name="Anna Åkesson",
            accepted_at=timezone.now(),
            channel="paper",
            note="Signerad kopia i pärmen.",
            notify_seller=False,
        )

    assert _note(engagement, Phase.PLANNING).note_text == (
        f"Quote version 1 accepted by Anna Åkesson (On paper (by post or by hand)), "
        f"recorded by {coordinator.get_full_name() or coordinator.get_username()}."
    )


def test_a_key_no_app_registers_any_more_shows_as_the_key_and_the_page_still_works(english):
    assert system_note_render("licensing.retired_note", {"count": 3}) == "licensing.retired_note"


def test_anonymising_takes_the_accepting_persons_name_out_of_the_notes_parameters(english, engagement, sales):
    accepted_quote(engagement, sales)
    engagement_advance(engagement=engagement, to_phase=Phase.CANCELLED, user=sales)
    engagement.refresh_from_db()

    engagement_anonymise(engagement=engagement, user=None)

    assert "Anna Åkesson" not in _note(engagement, Phase.PLANNING).note_text
