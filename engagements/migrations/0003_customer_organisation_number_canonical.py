"""Organisation numbers stored before issue 10 may be written as typed ('5560360793',
'٥٥٦٠٣٦-٠٧٩٣'). Store each in the canonical NNNNNN-NNNN form with ASCII digits, so the unique
constraint compares like with like. A number that is not valid, or whose canonical form another
customer already has (two rows for one organisation: a person must merge them), is left as it is.
The normaliser is copied here, frozen, as migrations should not follow the app's code."""

import unicodedata

from django.db import migrations
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


def _canonical(value: str) -> str | None:
    digits = []
    for char in (value or "").strip():
        if char in " -+\u00a0\u2010\u2011\u2012\u2013\u2212":
            continue
        digit = unicodedata.decimal(char, None)
        if digit is None:
            return None
        digits.append(str(digit))
    number = "".join(digits)
    if len(number) == 12 and number[:2] in ("16", "19", "20"):
        number = number[2:]
    try:
        return orgnr.format(orgnr.validate(number))
    except StdnumError:
        return None


def normalise(apps, schema_editor):
    Customer = apps.get_model("engagements", "Customer")
    taken = set(Customer.objects.values_list("organisation_number", flat=True))
    for customer in Customer.objects.only("pk", "organisation_number").order_by("pk"):
        canonical = _canonical(customer.organisation_number)
        if canonical is None or canonical == customer.organisation_number or canonical in taken:
            continue
        taken.discard(customer.organisation_number)
        taken.add(canonical)
        Customer.objects.filter(pk=customer.pk).update(organisation_number=canonical)


class Migration(migrations.Migration):
    dependencies = [("engagements", "0002_customer_name_folded")]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]
