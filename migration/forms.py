from django import forms
from django.utils.translation import gettext_lazy as _

from migration.models import ScanException


class MigrationSourceForm(forms.Form):
    source_path = forms.CharField(
        label=_("Source path on the migration host"),
        max_length=1000,
        help_text=_("Where the customer's share is mounted read-only, e.g. /mnt/kund/share."),
    )
    target_root = forms.CharField(
        label=_("Target folder in Dropbox"),
        max_length=1000,
        initial="/Filserver",
        help_text=_("Top-level folders of the share land under this folder of the team space."),
    )


class ExceptionFilterForm(forms.Form):
    code = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", _("All classes")), *ScanException.Code.choices]
    )
