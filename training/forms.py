from django import forms
from django.utils.translation import gettext_lazy as _

from engagements.planning.models import Slot
from training.models import Delivery, SupportRequest, SupportStatus, TrainingFormat


class SessionForm(forms.Form):
    training_format = forms.ChoiceField(label=_("Format"), choices=TrainingFormat.choices)
    delivery = forms.ChoiceField(label=_("On site or remote"), choices=Delivery.choices)
    trainer = forms.ModelChoiceField(label=_("Trainer"), queryset=None)
    first_day = forms.DateField(label=_("Date"))
    first_slot = forms.ChoiceField(label=_("Time of day"), choices=Slot.choices)
    second_day = forms.DateField(label=_("Second half day"), required=False)
    second_slot = forms.ChoiceField(label=_("Time of day"), choices=Slot.choices, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    meeting_link = forms.URLField(label=_("Meeting link"), required=False, assume_scheme="https")
    attendees = forms.ModelMultipleChoiceField(
        label=_("Attendees"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    override_reason = forms.CharField(
        label=_("Reason to book anyway"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = engagement.consultants.order_by("first_name", "username")
        self.fields["attendees"].queryset = engagement.customer_users.order_by("name", "pk")

    def days(self) -> list:
        data = self.cleaned_data
        days = [(data["first_day"], data["first_slot"])]
        if data.get("second_day"):
            days.append((data["second_day"], data.get("second_slot") or Slot.MORNING))
        return days


class OnlineOnlyForm(forms.Form):
    folder = forms.CharField(max_length=255)
    online_only = forms.TypedChoiceField(coerce=lambda v: v == "1", choices=[("1", "1"), ("0", "0")])


class SupportRequestForm(forms.ModelForm):
    class Meta:
        model = SupportRequest
        fields = ["requester_name", "topic", "urgency", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class SupportAnswerForm(forms.ModelForm):
    status = forms.ChoiceField(label=_("Status"), choices=SupportStatus.choices)
    minutes_spent = forms.IntegerField(label=_("Time spent (minutes)"), min_value=0, max_value=10_000)

    class Meta:
        model = SupportRequest
        fields = ["answer", "status", "minutes_spent"]
        widgets = {"answer": forms.Textarea(attrs={"rows": 4})}
