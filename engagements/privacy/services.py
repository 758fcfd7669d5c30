"""Verbs of the processor agreement. The anonymisation is in `anonymise.py`, the person export
in `person_export.py`."""

from datetime import date

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from engagements.models import Engagement
from engagements.privacy.models import ProcessorAgreement
from engagements.services import audit_log

MAX_AGREEMENT_BYTES = 10 * 1024 * 1024


def agreement_document_read(upload: UploadedFile) -> bytes:
    """The signed agreement's bytes; ValidationError with a sentence unless it is a PDF (told by
    its first bytes, never by the name or the browser) of at most 10 MB."""
    if upload.size > MAX_AGREEMENT_BYTES:
        raise ValidationError(_("The signed agreement is larger than 10 MB; scan it at a lower resolution."))
    upload.seek(0)
    content = upload.read()
    if not content.startswith(b"%PDF-"):
        raise ValidationError(_("The signed agreement must be a PDF file."))
    return content


@transaction.atomic
def processor_agreement_record(
    *,
    engagement: Engagement,
    user: AbstractBaseUser,
    version: str,
    signed_on: date,
    signer_name: str,
    signer_role: str,
    document: UploadedFile,
) -> ProcessorAgreement:
    """Record the processor agreement the customer signed for `engagement`.

    1. Check the input: a version, a signer's name and role, a signing date not in the future,
       and the signed agreement as a PDF of at most 10 MB.
    2. Save it with who recorded it, and write the audit entry (without the signer's name: the
       audit outlives the anonymisation of ended engagements).
    Raises ValidationError with a sentence per field.
    """
    errors: dict[str, str] = {}
    content = b""
    try:
        content = agreement_document_read(document)
    except ValidationError as error:
        errors["document"] = error.messages[0]
    if signed_on > timezone.localdate():
        errors["signed_on"] = _("The agreement cannot be signed in the future.")
    if errors:
        raise ValidationError(errors)
    agreement = ProcessorAgreement(
        engagement=engagement,
        version=version.strip(),
        signed_on=signed_on,
        signer_name=signer_name.strip(),
        signer_role=signer_role.strip(),
        document=content,
        document_name=(document.name or "agreement.pdf")[:200],
        document_bytes=len(content),
        recorded_by=user if user is not None and user.is_authenticated else None,
    )
    agreement.full_clean()
    agreement.save()
    audit_log(
        action="privacy.processor_agreement_recorded",
        user=user,
        engagement=engagement,
        details={
            "agreement": agreement.pk,
            "version": agreement.version,
            "signed_on": signed_on.isoformat(),
            "bytes": len(content),
        },
    )
    return agreement
