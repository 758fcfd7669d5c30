from django import forms
from django.utils.translation import gettext_lazy as _

from engagements.planning.models import Slot
from training.installation.models import Installation, Method, OperatingSystem


class InstallationChangeForm(forms.Form):
    method = forms.ChoiceField(label=_("Method"), choices=Method.choices)
    method_reason = forms.CharField(
        label=_("Reason for instructions"),
        max_length=300,
        required=False,
        help_text=_("Needed when the person is not marked with high computer literacy."),
    )
    operating_system = forms.ChoiceField(label=_("Operating system"), choices=OperatingSystem.choices)
    device = forms.CharField(label=_("Device"), max_length=100, required=False)


class InstallationStatusForm(forms.Form):
    ACTIONS = [
        ("installed", _("Installed")),
        ("verified", _("Verified")),
        ("problem", _("Problem")),
        ("waived", _("Waived")),
        ("planned", _("Back to planned")),
    ]
    action = forms.ChoiceField(choices=ACTIONS)
    note = forms.CharField(label=_("What happened"), max_length=500, required=False)


class InstallationBookForm(forms.Form):
    installations = forms.ModelMultipleChoiceField(
        label=_("Installations"), queryset=Installation.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    consultant = forms.ModelChoiceField(label=_("Consultant"), queryset=None)
    day = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    slot = forms.ChoiceField(label=_("Time of day"), choices=Slot.choices)
    override_reason = forms.CharField(
        label=_("Book anyway, because"),
        max_length=500,
        required=False,
        help_text=_("Only when a planning rule refuses the date."),
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["installations"].queryset = (
            Installation.objects.filter(engagement=engagement)
            .exclude(method=Method.INSTRUCTIONS)
            .select_related("customer_user")
        )
        self.fields["installations"].label_from_instance = lambda i: (
            f"{i.customer_user.name} – {i.device or i.get_operating_system_display()}"
            f" ({i.get_method_display()})"
        )
        self.fields["consultant"].queryset = engagement.consultants.order_by("first_name", "username")
