from django import forms
from django.utils.translation import gettext_lazy as _

from engagements.models import MeetingRequest
from engagements.validators import validate_organisation_number

# The honeypot: a field people never see (hidden by the CSS class `book-trap` in app.css; the
# Content-Security-Policy forbids inline styles) and robots fill in.
HONEYPOT_FIELD = "website"


class MeetingRequestForm(forms.Form):
    """What a prospect tells us before the first call. Field names are the services' own."""

    company = forms.CharField(label=_("Company name"), max_length=200)
    organisation_number = forms.CharField(
        label=_("Organisation number"),
        max_length=30,
        validators=[validate_organisation_number],
        help_text=_("Ten digits, like 556677-8899."),
    )
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40)
    user_count = forms.IntegerField(label=_("Number of users"), min_value=1, max_value=100_000)
    data_amount = forms.ChoiceField(
        label=_("Roughly how much data"), choices=MeetingRequest.DataAmount.choices
    )
    file_server = forms.CharField(
        label=_("Where are your files today?"),
        max_length=500,
        required=False,
        help_text=_("E.g. a Windows server in the office, a NAS, Google Drive."),
    )
    mail = forms.CharField(
        label=_("Which e-mail do you use today?"),
        max_length=100,
        required=False,
        help_text=_("E.g. Microsoft 365, Google Workspace, your internet provider."),
    )
    hopes = forms.CharField(
        label=_("What do you hope for?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    preferred_times = forms.CharField(
        label=_("When would suit you for a call?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("E.g. weekday mornings, or Thursday after 1 pm."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["company"].widget.attrs["autocomplete"] = "organization"
