from django import forms
from django.utils.translation import gettext_lazy as _

from licensing.models import LicencePlan
from licensing.selectors import active_plans


class LicencePlanForm(forms.ModelForm):
    class Meta:
        model = LicencePlan
        fields = ["plan", "buffer_seats", "months"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = active_plans()
        self.fields["plan"].empty_label = None


class LicensedUsersForm(forms.Form):
    """A checkbox per user on the list: ticked = needs a Dropbox account."""

    licensed = forms.TypedMultipleChoiceField(
        label=_("Needs a Dropbox account"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, user_ids: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licensed"].choices = [(pk, pk) for pk in user_ids]
        self.fields["licensed"].error_messages["invalid_choice"] = _(
            "That user is not on this engagement's list."
        )
