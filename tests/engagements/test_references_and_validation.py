import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from engagements.validators import normalise_organisation_number
from tests.factories import make_engagement

pytestmark = pytest.mark.django_db


def test_references_are_sequential_per_year():
    first, second = make_engagement(), make_engagement()
    year = timezone.localdate().year
    assert first.reference == f"MF-{year}-0001"
    assert second.reference == f"MF-{year}-0002"


@pytest.mark.parametrize("raw", ["556036-0793", "5560360793", "16556036-0793", " 556036 0793 "])
def test_valid_organisation_numbers_are_normalised(english, raw):
    assert normalise_organisation_number(raw) == "556036-0793"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("556036-0794", "check digit"),
        ("55603-0793", "ten digits"),
        ("abcdefghij", "ten digits"),
        ("", "ten digits"),
    ],
)
def test_invalid_organisation_numbers_say_why(english, raw, message):
    with pytest.raises(ValidationError) as error:
        normalise_organisation_number(raw)
    assert message in " ".join(error.value.messages)
