import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr

# Skatteverket writes an organisation's number with the century prefix 16 (and some registers
# with 19 or 20); the organisation number itself is the ten digits after it.
_CENTURY_PREFIXES = ("16", "19", "20")
_SEPARATORS = {" ", "-", "+", "\u00a0", "\u2010", "\u2011", "\u2012", "\u2013", "\u2212"}


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


def _ascii_digits(value: str) -> str | None:
    """The digits of `value` as ASCII ('٥٥٦٠٣٦-٠٧٩٣' → '5560360793'), dropping separators;
    None when something else than a decimal digit or a separator is in it."""
    digits = []
    for char in value.strip():
        if char in _SEPARATORS:
            continue
        digit = unicodedata.decimal(char, None)
        if digit is None:
            return None
        digits.append(str(digit))
    return "".join(digits)


def normalise_organisation_number(value: str) -> str:
    """Return the number as NNNNNN-NNNN in ASCII digits, or raise ValidationError with a sentence.

    1. Digits of any script are read as the digits they are, so '٥٥٦٠٣٦-٠٧٩٣' and '556036-0793'
       are one number (and one row under the unique constraint).
    2. A twelve-digit form with the century prefix 16/19/20 is accepted and the prefix dropped.
    3. python-stdnum checks length and the Luhn check digit.
    """
    format_error = ValidationError(
        _("An organisation number has ten digits, like 556677-8899."), code="format"
    )
    digits = _ascii_digits(value or "")
    if not digits:
        raise format_error
    if len(digits) == 12 and digits[:2] in _CENTURY_PREFIXES:
        digits = digits[2:]
    try:
        return orgnr.format(orgnr.validate(digits))
    except InvalidChecksum:
        raise ValidationError(
            _("%(value)s is not a valid organisation number: the check digit does not match."),
            code="checksum",
            params={"value": value},
        ) from None
    except StdnumError:
        raise format_error from None


def validate_organisation_number(value: str) -> None:
    normalise_organisation_number(value)
