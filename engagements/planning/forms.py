from datetime import date, timedelta

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from engagements import roles
from engagements.planning.models import Slot, SprintStatus, WeeklyReport
from engagements.planning.sprint_templates import template_choices
from engagements.selectors import staff_with_role

# Plans, follow-ups and the calendar look at most this many years back or ahead: far enough for
# any real engagement, near enough that every date computed from them (a calendar's next four
# weeks, a template's working days) exists (`date.max` is 9999-12-31).
PLANNING_YEARS = 10
REPORT_TEXT_LIMIT = 10_000


def planning_window() -> tuple[date, date]:
    today = timezone.localdate()
    return today - timedelta(days=365 * PLANNING_YEARS), today + timedelta(days=365 * PLANNING_YEARS)


def validate_planning_date(value: date) -> None:
    first, last = planning_window()
    if not first <= value <= last:
        raise forms.ValidationError(
            _("Choose a date between %(first)s and %(last)s."),
            code="outside_planning_window",
            params={"first": formats.date_format(first), "last": formats.date_format(last)},
        )


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ConsultantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.get_username()


class SprintForm(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DateInput(), validators=[validate_planning_date])
    slot = forms.ChoiceField(label=_("Time of day"), choices=Slot.choices)
    consultant = ConsultantChoiceField(label=_("Consultant"), queryset=None)
    goal = forms.CharField(label=_("Goal"), max_length=200)
    tasks = forms.CharField(
        label=_("Tasks"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One task a line."),
        max_length=5000,
    )
    internal_note = forms.CharField(
        label=_("Internal note (never shown to the customer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=5000,
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
    start = forms.DateField(label=_("From"), widget=DateInput(), validators=[validate_planning_date])
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
    due_date = forms.DateField(label=_("Date"), widget=DateInput(), validators=[validate_planning_date])
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The report's texts go into its PDF and e-mail: a pasted document must not make them
        # hundreds of pages (issue 10 §3).
        for name in self.Meta.fields:
            self.fields[name].validators.append(MaxLengthValidator(REPORT_TEXT_LIMIT))


class ReportDraftForm(forms.Form):
    """Which week the coordinator drafts a report of now: the last one or the one under way."""

    week_start = forms.ChoiceField(label=_("Week"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_monday = timezone.localdate() - timedelta(days=timezone.localdate().weekday())
        last_monday = this_monday - timedelta(days=7)
        self.fields["week_start"].choices = [
            (
                last_monday.isoformat(),
                _("Last week (week %(week)s)") % {"week": last_monday.isocalendar()[1]},
            ),
            (
                this_monday.isoformat(),
                _("This week (week %(week)s)") % {"week": this_monday.isocalendar()[1]},
            ),
        ]
        self.fields["week_start"].initial = last_monday.isoformat()

    def clean_week_start(self) -> date:
        return date.fromisoformat(self.cleaned_data["week_start"])


class CalendarQueryForm(forms.Form):
    """The calendar page's query string: `?week=2026-03-02` (any day of the week, or `2026-W10`)
    and, for planners, `?consultant=<id>`. Unreadable values are errors shown on the page, which
    then shows this week and the user's own sprints."""

    week = forms.CharField(required=False, max_length=20)
    consultant = forms.ModelChoiceField(queryset=None, required=False)

    def __init__(self, *args, consultants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consultant"].queryset = consultants
        self.fields["consultant"].error_messages["invalid_choice"] = _("There is no such consultant.")

    def clean_week(self) -> date | None:
        raw = self.cleaned_data["week"].strip()
        if not raw:
            return None
        try:
            day = date.fromisoformat(raw)
        except ValueError:
            raise forms.ValidationError(
                _("“%(value)s” is not a date; showing this week."), params={"value": raw}
            ) from None
        validate_planning_date(day)
        return day
