"""Organisation numbers are stored in one form, so other digits cannot get round the unique rule."""

import pytest
from django.core.exceptions import ValidationError

from engagements.models import Customer

pytestmark = pytest.mark.django_db


def make_customer(number):
    customer = Customer(name="Åkesson Bygg AB", organisation_number=number)
    customer.full_clean()
    customer.save()
    return customer


def test_arabic_indic_digits_are_stored_as_the_canonical_number():
    customer = make_customer("٥٥٦٠٣٦-٠٧٩٣")

    customer.refresh_from_db()
    assert customer.organisation_number == "556036-0793"


@pytest.mark.parametrize("second", ["556036-0793", "5560360793", "556036 0793"])
def test_the_same_number_in_ascii_is_refused_for_a_second_customer(english, second):
    make_customer("٥٥٦٠٣٦-٠٧٩٣")

    with pytest.raises(ValidationError) as refusal:
        make_customer(second)

    assert refusal.value.message_dict["organisation_number"] == [
        "Customer with this Organisation number already exists."
    ]
    assert Customer.objects.count() == 1


def test_the_admin_form_stores_the_canonical_number_and_refuses_the_twin(english, admin_user, client_for):
    client = client_for(admin_user)
    form = {
        "name": "Åkesson Bygg AB",
        "organisation_number": "٥٥٦٠٣٦-٠٧٩٣",
        "language": "sv",
        "contacts-TOTAL_FORMS": "0",
        "contacts-INITIAL_FORMS": "0",
    }

    assert client.post("/admin/engagements/customer/add/", form).status_code == 302
    twin = client.post("/admin/engagements/customer/add/", {**form, "organisation_number": "5560360793"})

    assert twin.status_code == 200
    assert twin.context["adminform"].form.errors["organisation_number"] == [
        "Customer with this Organisation number already exists."
    ]
    assert list(Customer.objects.values_list("organisation_number", flat=True)) == ["556036-0793"]


@pytest.mark.parametrize("typed", ["556036-0793²", "５５６０３６-０７９４"])
def test_superscripts_and_a_wrong_check_digit_in_any_script_are_refused(english, typed):
    with pytest.raises(ValidationError):
        make_customer(typed)
    assert not Customer.objects.exists()
