from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from engagements.quotes.csv_import import UnreadableFile, decode_user_csv
from engagements.quotes.models import (
    CatalogueItem,
    CustomerUser,
    DiscoveryRecord,
    FileServer,
    OfflineAcceptance,
    Quote,
    QuoteLine,
)
from engagements.quotes.services.discovery import DISCOVERY_FIELDS
from engagements.quotes.services.offline_acceptance import signed_copy_read

MAX_CSV_BYTES = 1_000_000


class DiscoveryRecordForm(forms.ModelForm):
    class Meta:
        model = DiscoveryRecord
        fields = DISCOVERY_FIELDS
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in ("other_systems", "expectations", "risks", "out_of_scope")
        }


class FileServerForm(forms.ModelForm):
    class Meta:
        model = FileServer
        fields = ("name", "operating_system", "shares", "approximate_size_gb", "age_years")


class CustomerUserForm(forms.ModelForm):
    class Meta:
        model = CustomerUser
        fields = ("name", "email", "department", "device", "operating_system", "computer_literacy")


class UserCsvUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, email, department, device, operating_system, computer_literacy (low/medium/high)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_CSV_BYTES:
            raise forms.ValidationError(_("The file is larger than 1 MB; is it really a user list?"))
        try:
            return decode_user_csv(upload.read())
        except UnreadableFile as error:
            raise forms.ValidationError(str(error)) from None


class UserCsvConfirmForm(forms.Form):
    """The previewed file's text comes back with the confirmation, so nothing is stored in between."""

    csv_text = forms.CharField(widget=forms.HiddenInput, max_length=MAX_CSV_BYTES, strip=False)


class CatalogueLineForm(forms.Form):
    catalogue_item = forms.ModelChoiceField(
        label=_("Service"), queryset=CatalogueItem.objects.filter(is_active=True)
    )
    quantity = forms.DecimalField(label=_("Quantity"), max_digits=10, decimal_places=2, initial=1)
    discount_percent = forms.DecimalField(
        label=_("Discount (%)"), max_digits=5, decimal_places=2, initial=0, required=False
    )

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity < 0:
            raise forms.ValidationError(_("A quantity cannot be negative."))
        return quantity

    def clean_discount_percent(self):
        discount = self.cleaned_data["discount_percent"] or Decimal("0")
        if discount < 0:
            raise forms.ValidationError(_("A discount cannot be negative."))
        if discount > 100:
            raise forms.ValidationError(_("A discount cannot be more than 100 %."))
        return discount


class QuoteLineForm(forms.ModelForm):
    class Meta:
        model = QuoteLine
        fields = ("section", "description", "quantity", "unit", "unit_price", "discount_percent", "vat_rate")


class QuoteDetailsForm(forms.ModelForm):
    class Meta:
        model = Quote
        fields = ("valid_until", "payment_terms_days", "scope_limitations", "assumptions", "terms")
        widgets = {
            "valid_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "scope_limitations": forms.Textarea(attrs={"rows": 4}),
            "assumptions": forms.Textarea(attrs={"rows": 3}),
            "terms": forms.Textarea(attrs={"rows": 4}),
        }


class DurationForm(forms.Form):
    hours = forms.DecimalField(
        label=_("Estimated migration time (hours)"),
        max_digits=7,
        decimal_places=1,
        min_value=Decimal("0.5"),
        required=False,
        help_text=_("Leave empty to use the estimate from the scan."),
    )
    reason = forms.CharField(label=_("Reason for the adjustment"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        if data.get("hours") is not None and not data.get("reason", "").strip():
            self.add_error("reason", _("Say why the estimate is adjusted."))
        return data


class QuoteAcceptForm(forms.Form):
    read_terms = forms.BooleanField(label=_("I have read the quote, its scope limitations and terms."))
    name = forms.CharField(label=_("Your name"), max_length=200)


class QuoteDeclineForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    reason = forms.CharField(
        label=_("Why do you decline?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RecordedAcceptanceForm(forms.Form):
    """Staff record an acceptance that came on paper or by e-mail (see `quote_accept_recorded`)."""

    name = forms.CharField(label=_("Accepted by (name)"), max_length=200)
    accepted_at = forms.DateTimeField(
        label=_("Accepted at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("As on the signed copy or the e-mail."),
    )
    channel = forms.ChoiceField(
        label=_("How it came"), choices=OfflineAcceptance.Channel.choices, widget=forms.RadioSelect
    )
    signed_copy = forms.FileField(
        label=_("Signed copy (PDF, JPEG or PNG)"),
        required=False,
        help_text=_("Or write a note saying where the acceptance is kept."),
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def clean_signed_copy(self):
        upload = self.cleaned_data.get("signed_copy")
        if upload:
            signed_copy_read(upload)
        return upload

    def clean(self):
        data = super().clean()
        if (
            not data.get("signed_copy")
            and not data.get("note", "").strip()
            and "signed_copy" not in self.errors
        ):
            self.add_error(
                "note", _("Attach the signed copy, or write a note saying where the acceptance is kept.")
            )
        return data
