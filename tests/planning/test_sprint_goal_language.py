"""A sprint laid out from a template reads in its reader's language; one a person edited reads as typed."""

from datetime import date

from django.urls import reverse

from engagements.planning.models import Slot
from engagements.planning.services import sprint_update, sprints_lay_out_template
from tests.language_fixtures import swedish  # noqa: F401 - fixture


def _kick_off(engagement, coordinator, consultant):
    [kick_off, *_rest] = sprints_lay_out_template(
        engagement=engagement,
        user=coordinator,
        template_key="pre_study",
        start=date(2027, 1, 11),
        consultant=consultant,
    )
    return kick_off


def test_a_swedish_customers_template_sprint_reads_in_english_on_an_english_page(
    english, planned, coordinator, consultant, client_for
):
    _kick_off(planned, coordinator, consultant)  # the customer is Swedish: stored as "Uppstartsmöte"

    page = client_for(coordinator).get(reverse("planning:engagement", args=[planned.pk])).content.decode()

    assert "<strong>Kick-off meeting</strong>" in page
    assert "<li>Agree goals and dates</li>" in page
    assert "Uppstartsmöte" not in page


def test_an_english_customers_template_sprint_reads_in_swedish_on_a_swedish_page(
    swedish,  # noqa: F811
    planned,
    coordinator,
    consultant,
    client_for,
):
    planned.customer.language = "en"
    planned.customer.save()
    _kick_off(planned, coordinator, consultant)  # stored as "Kick-off meeting"

    page = client_for(coordinator).get(reverse("planning:engagement", args=[planned.pk])).content.decode()

    assert "<strong>Uppstartsmöte</strong>" in page
    assert "<li>Kom överens om mål och datum</li>" in page
    assert "Kick-off meeting" not in page


def test_a_goal_a_person_rewrote_reads_as_typed_in_every_language(english, planned, coordinator, consultant):
    sprint = _kick_off(planned, coordinator, consultant)
    sprint_update(
        sprint=sprint,
        user=coordinator,
        consultant=consultant,
        day=sprint.date,
        slot=Slot.MORNING,
        goal="Uppstart med ledningsgruppen",
        tasks="Boka lokal",
        internal_note="",
    )
    sprint.refresh_from_db()

    assert (sprint.goal_text, sprint.task_lines) == ("Uppstart med ledningsgruppen", ["Boka lokal"])


def test_saving_the_template_goal_unchanged_keeps_it_in_the_readers_language(
    english, planned, coordinator, consultant
):
    sprint = _kick_off(planned, coordinator, consultant)
    sprint_update(
        sprint=sprint,
        user=coordinator,
        consultant=consultant,
        day=sprint.date,
        slot=Slot.AFTERNOON,  # moved only: the form came back with the goal as it showed it
        goal=sprint.goal_text,
        tasks=sprint.tasks_text,
        internal_note="",
    )
    sprint.refresh_from_db()

    assert (sprint.slot, sprint.goal_text) == (Slot.AFTERNOON, "Kick-off meeting")
