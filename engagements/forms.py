from django import forms
from django.utils.translation import gettext_lazy as _

from engagements import roles
from engagements.phases import Phase
from engagements.selectors import staff_with_role


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
