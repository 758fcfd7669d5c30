from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from decommission.models import Asset, AssetEnd, Medium, Method, Technique, VerificationResult
from engagements import roles


class AssetForm(forms.ModelForm):
    class Meta:
        model = Asset
        fields = ("name", "make", "model", "serial")


class MediumForm(forms.ModelForm):
    class Meta:
        model = Medium
        fields = ("kind", "serial", "size_gb")


class PlanForm(forms.Form):
    method = forms.ChoiceField(label=_("Method (NIST SP 800-88)"), choices=Method.choices)
    technique = forms.ChoiceField(label=_("Technique"), choices=Technique.choices)


class SanitiseForm(forms.Form):
    technician = forms.ModelChoiceField(label=_("Technician"), queryset=None)
    sanitised_on = forms.DateField(label=_("Date"))
    verification_method = forms.CharField(
        label=_("Verification method"),
        max_length=200,
        help_text=_("E.g. a full read-back of sampled sectors, or a visual check of the shreds."),
    )
    verification_result = forms.ChoiceField(
        label=_("Verification result"), choices=VerificationResult.choices
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = (
            get_user_model()
            .objects.filter(groups__name__in=[roles.CONSULTANT, roles.COORDINATOR], is_active=True)
            .distinct()
            .order_by("first_name", "last_name", "username")
        )
        self.fields["sanitised_on"].initial = timezone.localdate


class EndForm(forms.Form):
    end = forms.ChoiceField(label=_("End"), choices=AssetEnd.choices)
    recycler = forms.CharField(label=_("Recycler"), max_length=200, required=False)
    receipt_number = forms.CharField(label=_("Receipt number"), max_length=100, required=False)
    weight_kg = forms.DecimalField(
        label=_("Weight (kg)"), max_digits=7, decimal_places=2, min_value=0.01, required=False
    )


class CustodyForm(forms.Form):
    taken_by = forms.CharField(label=_("Taken by"), max_length=200, help_text=_("Person and company."))
    taken_at = forms.DateTimeField(label=_("Taken at"))
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


class AppraisalForm(forms.Form):
    residual_value = forms.DecimalField(
        label=_("Residual value (SEK)"), max_digits=10, decimal_places=2, min_value=0
    )


class WaiverForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
