"""The weekly report's and a sprint's free texts have a length limit, refused with a sentence."""

import pytest

from engagements.planning.forms import REPORT_TEXT_LIMIT, WeeklyReportForm

pytestmark = pytest.mark.usefixtures("english")


def test_a_megabyte_of_report_text_is_a_form_error_and_the_limit_itself_is_kept():
    too_long = WeeklyReportForm(data={"done_text": "x" * 1_000_000})
    assert not too_long.is_valid()
    assert too_long.errors["done_text"] == [
        f"Ensure this value has at most {REPORT_TEXT_LIMIT} characters (it has 1000000)."
    ]
    at_limit = WeeklyReportForm(data={"done_text": "x" * REPORT_TEXT_LIMIT})
    assert "done_text" not in at_limit.errors
