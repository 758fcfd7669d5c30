from django import forms
from django.utils.translation import gettext_lazy as _

from engagements import roles
from engagements.models import Customer
from engagements.phases import Phase
from engagements.selectors import staff_with_role
from engagements.validators import normalise_organisation_number, validate_organisation_number


class EngagementFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("All phases")), *Phase.choices]
    )
    seller = forms.ModelChoiceField(label=_("Seller"), required=False, queryset=None)
    consultant = forms.ModelChoiceField(label=_("Consultant"), required=False, queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seller"].queryset = staff_with_role(roles.SALES)
        self.fields["consultant"].queryset = staff_with_role(roles.CONSULTANT)
        self.fields["seller"].empty_label = _("All sellers")
        self.fields["consultant"].empty_label = _("All consultants")


class PhaseAdvanceForm(forms.Form):
    to_phase = forms.ChoiceField(label=_("New phase"), choices=Phase.choices)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LoginLinkForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"))


class StaffChoiceField(forms.ModelChoiceField):
    """A picker of staff: active users with one role, shown by name."""

    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class NewEngagementForm(forms.Form):
    """The engagement, and its customer: one picked from the list, or a new one described here.

    Field names are the models' (Customer, Engagement), so the errors of the service's
    full_clean() land beside the field they are about.
    """

    customer = forms.ModelChoiceField(
        label=_("Customer"),
        queryset=Customer.objects.order_by("name"),
        required=False,
        empty_label=_("A new customer (fill in below)"),
    )
    name = forms.CharField(label=_("Company name"), max_length=200, required=False)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=30,
        required=False,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, like 556677-8899."),
    )
    street_address = forms.CharField(label=_("Street address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    language = forms.ChoiceField(
        label=_("Language"), choices=Customer.Language.choices, initial=Customer.Language.SWEDISH
    )
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("E.g. File server to Dropbox."))
    seller = StaffChoiceField(label=_("Seller"), queryset=None)
    coordinator = StaffChoiceField(label=_("Consultant coordinator"), queryset=None, required=False)
    planned_start = forms.DateField(label=_("Planned start"), required=False, widget=DateInput())
    planned_end = forms.DateField(label=_("Planned end"), required=False, widget=DateInput())

    NEW_CUSTOMER_FIELDS = ("name", "organisation_number", "street_address", "postal_code", "city")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seller"].queryset = staff_with_role(roles.SALES)
        self.fields["coordinator"].queryset = staff_with_role(roles.COORDINATOR)

    def clean(self):
        data = super().clean()
        if data.get("customer") is None:
            if not (data.get("name") or "").strip():
                self.add_error("name", _("Pick a customer from the list, or give the new customer's name."))
            number = data.get("organisation_number") or ""
            if not number.strip() and "organisation_number" not in self.errors:
                self.add_error("organisation_number", _("A new customer needs its organisation number."))
            elif number.strip() and "organisation_number" not in self.errors:
                existing = Customer.objects.filter(
                    organisation_number=normalise_organisation_number(number)
                ).first()
                if existing is not None:
                    self.add_error(
                        "organisation_number",
                        _("%(number)s is already the customer “%(name)s”: pick it from the list.")
                        % {"number": existing.organisation_number, "name": existing.name},
                    )
        return data


class NewContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    role = forms.CharField(
        label=_("Role"), max_length=100, required=False, help_text=_("E.g. CEO, office manager.")
    )

    def clean(self):
        data = super().clean()
        if any(data.get(field) for field in ("email", "phone", "role")) and not data.get("name"):
            self.add_error("name", _("Give the contact's name."))
        if data.get("name") and not data.get("email") and "email" not in self.errors:
            self.add_error("email", _("Give the contact's e-mail address."))
        return data

    @property
    def is_filled(self) -> bool:
        return bool(self.cleaned_data.get("name"))


class BaseNewContactFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            email = (form.cleaned_data.get("email") or "").casefold()
            if email and email in seen:
                form.add_error("email", _("This address is given twice."))
            seen.add(email)


NewContactFormSet = forms.formset_factory(
    NewContactForm, formset=BaseNewContactFormSet, extra=2, max_num=10, absolute_max=10, validate_max=True
)
