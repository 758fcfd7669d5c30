"""OCR references: a known-good Luhn implementation (python-stdnum) accepts every one."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn

from invoicing.ocr import luhn_check_digit, ocr_reference


@given(st.integers(min_value=1, max_value=10**15))
def test_stdnum_accepts_every_reference(number):
    reference = ocr_reference(number)
    assert luhn.is_valid(reference)
    assert luhn_check_digit(str(number)) == luhn.calc_check_digit(str(number))


def test_the_length_digit_counts_the_whole_reference():
    # 1234 + length digit 6 (six digits in all) + check digit.
    assert ocr_reference(1234) == "12346" + luhn.calc_check_digit("12346")
    assert ocr_reference(1234, length_digit=False) == "1234" + luhn.calc_check_digit("1234")
    assert len(ocr_reference(12345678)) % 10 == int(ocr_reference(12345678)[-2])


def test_a_known_reference():
    # Bankgirot's own example digits: 1234567890 → check digit 3.
    assert luhn_check_digit("1234567890") == "3"


def test_only_digits():
    with pytest.raises(ValueError):
        luhn_check_digit("12a4")
