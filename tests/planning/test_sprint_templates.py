from datetime import date

import pytest

from engagements.models import Engagement
from engagements.planning.errors import SprintRefused
from engagements.planning.models import Slot, Sprint
from engagements.planning.services import sprint_create, sprints_lay_out_template
from engagements.planning.sprint_templates import SPRINT_TEMPLATES
from engagements.planning.workdays import is_working_day


def test_every_engagement_type_has_a_template():
    assert set(SPRINT_TEMPLATES) == {
        "pre_study",
        "bulk_migration",
        "delta_cutover",
        "installation",
        "training",
        "support",
        "decommissioning",
    }


def test_template_lands_on_free_working_half_days(planned, coordinator, consultant):
    # The consultant is busy Monday morning; the plan must flow around it.
    sprint_create(
        engagement=planned,
        user=coordinator,
        consultant=consultant,
        day=date(2027, 1, 11),
        slot=Slot.MORNING,
        goal="Redan bokad",
    )
    sprints = sprints_lay_out_template(
        engagement=planned,
        user=coordinator,
        template_key="pre_study",
        start=date(2027, 1, 10),  # a Sunday: the plan starts on Monday
        consultant=consultant,
    )
    placed = [(s.date, s.slot) for s in sprints]
    assert placed == [
        (date(2027, 1, 11), Slot.AFTERNOON),  # half day, in the free afternoon
        (date(2027, 1, 12), Slot.FULL_DAY),
        (date(2027, 1, 13), Slot.MORNING),
    ]
    assert all(is_working_day(day) for day, _slot in placed)
    assert Sprint.objects.filter(engagement=planned).count() == 4


def test_template_skips_holidays(engagement, coordinator, consultant):
    Engagement.objects.filter(pk=engagement.pk).update(
        planned_start=date(2027, 3, 24), planned_end=date(2027, 4, 9)
    )
    engagement.refresh_from_db()
    sprints = sprints_lay_out_template(
        engagement=engagement,
        user=coordinator,
        template_key="bulk_migration",
        start=date(2027, 3, 25),  # Thursday before Easter
        consultant=consultant,
    )
    # Thu 25 March, then Good Friday, the weekend and Easter Monday are skipped.
    assert [s.date for s in sprints] == [
        date(2027, 3, 25),
        date(2027, 3, 30),
        date(2027, 3, 31),
        date(2027, 4, 1),
    ]


def test_plan_running_past_the_end_is_refused_whole_unless_overridden(planned, coordinator, consultant):
    late = date(2027, 1, 28)
    with pytest.raises(SprintRefused, match="after the engagement's planned end"):
        sprints_lay_out_template(
            engagement=planned,
            user=coordinator,
            template_key="bulk_migration",
            start=late,
            consultant=consultant,
        )
    assert not Sprint.objects.exists()

    sprints = sprints_lay_out_template(
        engagement=planned,
        user=coordinator,
        template_key="bulk_migration",
        start=late,
        consultant=consultant,
        override_reason="Slutdatum flyttas",
    )
    assert len(sprints) == 4
    assert all(s.override_reason == "Slutdatum flyttas" for s in sprints)
