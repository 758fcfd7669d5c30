import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_ORGNR = re.compile(r"^(\d{2})?(\d{6})-?(\d{4})$")


def luhn_checksum_ok(digits: str) -> bool:
    """Luhn (mod 10) over the digits, as Bolagsverket and Skatteverket use it."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def normalise_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN, or raise ValidationError with a sentence."""
    match = _ORGNR.match((value or "").strip().replace(" ", ""))
    if not match:
        raise ValidationError(_("An organisation number has ten digits, like 556677-8899."), code="format")
    century, first, last = match.groups()
    if century and century not in {"16", "19", "20"}:
        raise ValidationError(_("An organisation number has ten digits, like 556677-8899."))
    if not luhn_checksum_ok(first + last):
        raise ValidationError(
            _("%(value)s is not a valid organisation number: the check digit does not match."),
            code="checksum",
            params={"value": value},
        )
    return f"{first}-{last}"


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)
