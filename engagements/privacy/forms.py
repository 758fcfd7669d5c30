from django import forms
from django.utils.translation import gettext_lazy as _

from engagements.privacy.services import agreement_document_read


class ProcessorAgreementForm(forms.Form):
    """Staff record the processor agreement the customer signed (see `processor_agreement_record`)."""

    version = forms.CharField(label=_("Agreement version"), max_length=50)
    signed_on = forms.DateField(label=_("Signed on"), widget=forms.DateInput(attrs={"type": "date"}))
    signer_name = forms.CharField(label=_("Signed by (name)"), max_length=200)
    signer_role = forms.CharField(label=_("Signer's role at the customer"), max_length=100)
    document = forms.FileField(label=_("Signed agreement (PDF)"))

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if upload:
            agreement_document_read(upload)
        return upload


class PersonExportForm(forms.Form):
    email = forms.EmailField(label=_("The person's e-mail address"))
