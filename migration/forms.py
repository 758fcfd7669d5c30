from django import forms
from django.utils.translation import gettext_lazy as _

from migration.models import ScanException
from migration.source_roots import SourceOutsideRoots, confined_source_path


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

    def clean_source_path(self) -> str:
        """Refused unless inside MIGRATION_SOURCE_ROOTS (the service checks again when saving)."""
        source_path = self.cleaned_data["source_path"]
        try:
            confined_source_path(source_path)
        except SourceOutsideRoots as refusal:
            raise forms.ValidationError(refusal.message, code="outside_source_roots") from None
        return source_path


class ExceptionFilterForm(forms.Form):
    code = forms.ChoiceField(
        label=_("Class"), required=False, choices=[("", _("All classes")), *ScanException.Code.choices]
    )
