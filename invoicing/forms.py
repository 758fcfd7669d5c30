from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from invoicing.models import ChangeOrder, Reconciliation


class CreditToApplyForm(forms.Form):
    credit = forms.DecimalField(
        label=_("Store credit to apply (SEK)"),
        max_digits=12,
        decimal_places=2,
        required=False,
        validators=[MinValueValidator(Decimal("0"))],
    )


class ChangeOrderForm(forms.ModelForm):
    vat_rate = forms.DecimalField(
        label=_("VAT rate (%)"),
        max_digits=5,
        decimal_places=2,
        initial=Decimal("25"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        model = ChangeOrder
        fields = ["description", "amount", "vat_rate"]


class ChangeOrderApproveForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)


class ChangeOrderDeclineForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    reason = forms.CharField(label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea)


class ReconciliationForm(forms.ModelForm):
    meeting_on = forms.DateField(
        label=_("Meeting date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Reconciliation
        fields = ["meeting_on", "notes", "outcome"]
