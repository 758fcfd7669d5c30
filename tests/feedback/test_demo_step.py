"""The demo step leaves a sent survey and a response for a closed demo engagement."""

import pytest

from feedback.demo import demo_survey_and_response
from feedback.models import Response
from feedback.selectors import closing_needs_survey, survey_of, survey_window

pytestmark = pytest.mark.usefixtures("english")


def test_the_demo_survey_and_its_response(invoiced):
    demo_survey_and_response(invoiced)
    demo_survey_and_response(invoiced)  # the demo may run its steps again

    survey = survey_of(invoiced)
    assert survey.scheduled_for == survey_window(final_invoice_sent_at=survey.final_invoice_sent_at).day
    assert closing_needs_survey(invoiced) is None
    assert [(r.seller_rating, r.team_rating, r.recommendation) for r in Response.objects.all()] == [(5, 4, 9)]
