"""Forms of the folder plan page and the customer's approval."""

from django import forms
from django.utils.translation import gettext_lazy as _

from licensing.folders.models import AccessLevel

LEVELS = [("", _("No access")), *AccessLevel.choices]


class FolderAddForm(forms.Form):
    name = forms.CharField(label=_("Folder name"), max_length=255)


class FolderUpdateForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=255)
    included = forms.BooleanField(label=_("Included"), required=False)
    owner = forms.CharField(label=_("Personal folder of"), required=False)


class MergeForm(forms.Form):
    folders = forms.CharField(label=_("Folders"))
    name = forms.CharField(label=_("Name of the merged folder"), max_length=255)


class AccessForm(forms.Form):
    """One cell of the matrix. The folder is named as in the plan: access is per folder only."""

    folder = forms.CharField(label=_("Folder"), max_length=1000)
    grantee = forms.RegexField(label=_("Group or person"), regex=r"^[gu]\d{1,12}$")
    level = forms.ChoiceField(label=_("Access"), choices=LEVELS, required=False)


class ReleaseForm(forms.Form):
    customer_user = forms.IntegerField(label=_("Person"), min_value=1)
    reason = forms.CharField(
        label=_("Why before training"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApproveForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
