from django import forms
from django.utils.translation import gettext_lazy as _

from engagements import roles
from engagements.planning.models import Slot, SprintStatus, WeeklyReport
from engagements.planning.sprint_templates import template_choices
from engagements.selectors import staff_with_role


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class SprintForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput())
    slot = forms.ChoiceField(label=_("Time of day"), choices=Slot.choices)
    consultant = ConsultantChoiceField(label=_("Consultant"), queryset=None)
    goal = forms.CharField(label=_("Goal"), max_length=200)
    tasks = forms.CharField(
        label=_("Tasks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One task a line."),
    )
    internal_note = forms.CharField(
        label=_("Internal note (never shown to the customer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    override_reason = forms.CharField(
        label=_("Book anyway, because"),
        required=False,
        max_length=500,
        help_text=_("Only needed when the sprint breaks a planning rule."),
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = engagement.consultants.order_by("first_name", "username")


class TemplateLayoutForm(forms.Form):
    template = forms.ChoiceField(label=_("Template"), choices=template_choices)
    start = forms.DateField(label=_("From"), widget=DateInput())
    consultant = ConsultantChoiceField(label=_("Consultant"), queryset=None)
    override_reason = forms.CharField(label=_("Lay out anyway, because"), required=False, max_length=500)

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = engagement.consultants.order_by("first_name", "username")


class SprintStatusForm(forms.Form):
    status = forms.ChoiceField(choices=SprintStatus.choices)


class StaffForm(forms.Form):
    consultants = forms.ModelMultipleChoiceField(
        label=_("Consultants"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    coordinator = ConsultantChoiceField(label=_("Consultant coordinator"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultants"].queryset = staff_with_role(roles.CONSULTANT)
        self.fields["consultants"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.fields["coordinator"].queryset = staff_with_role(roles.COORDINATOR)


class FollowUpForm(forms.Form):
    due_date = forms.DateField(label=_("Date"), widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=300)


class StatusUpdateForm(forms.Form):
    body = forms.CharField(
        label=_("Message to the customer"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    send_email = forms.BooleanField(label=_("Also e-mail it to the customer's contacts"), required=False)


class WeeklyReportForm(forms.ModelForm):
    reviewed = forms.BooleanField(
        label=_("I have reviewed this report and it is ready to send"), required=False
    )

    class Meta:
        model = WeeklyReport
        fields = ["done_text", "next_text", "risks", "decisions_needed", "internal_note"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}
        labels = {"internal_note": _("Internal note (never shown to the customer)")}
