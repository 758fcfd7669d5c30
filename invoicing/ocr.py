"""Swedish OCR references for Bankgiro payments.

An OCR number is the invoice's reference digits, optionally a length digit, and a check digit by
the Luhn algorithm (modulus 10, "10-modulen"), as Bankgirot's OCR rules describe:

1. Take the reference digits (here the invoice number).
2. With the length check, append the length of the whole reference (the digits, the length digit
   and the check digit) modulo 10.
3. Append the Luhn check digit computed over everything before it.
"""


def luhn_check_digit(digits: str) -> str:
    """The digit that makes `digits + check` pass the Luhn test."""
    if not digits.isdigit():
        raise ValueError("An OCR reference is digits only.")
    total = 0
    # From the right, the digit next to the (missing) check digit is doubled, and every other one.
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 0:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return str((10 - total % 10) % 10)


def ocr_reference(number: int, *, length_digit: bool = True) -> str:
    """The OCR reference of invoice `number`."""
    digits = str(number)
    if length_digit:
        digits += str((len(digits) + 2) % 10)
    return digits + luhn_check_digit(digits)
