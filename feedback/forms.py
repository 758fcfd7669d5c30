from django import forms
from django.utils.translation import gettext_lazy as _

from feedback.models import COMMENT_MAX_LENGTH

RATINGS = [(n, str(n)) for n in range(1, 6)]
SCORES = [(n, str(n)) for n in range(0, 11)]


class SurveyForm(forms.Form):
    seller_rating = forms.TypedChoiceField(
        label=_("How satisfied are you with your seller?"),
        help_text=_("1 = not at all, 5 = very."),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    seller_comment = forms.CharField(
        label=_("Anything you want to tell your seller?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    team_rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the project team?"),
        help_text=_("1 = not at all, 5 = very."),
        choices=RATINGS,
        coerce=int,
        widget=forms.RadioSelect,
    )
    team_comment = forms.CharField(
        label=_("Anything you want to tell the project team?"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recommendation = forms.TypedChoiceField(
        label=_("How likely are you to recommend Macforum to a colleague?"),
        help_text=_("0 = not at all likely, 10 = extremely likely."),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect,
    )
