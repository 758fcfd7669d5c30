"""The processor agreement: recorded by staff on the engagement, its file served to them only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from engagements.access import get_engagement_for_staff
from engagements.privacy.forms import ProcessorAgreementForm
from engagements.privacy.models import ProcessorAgreement
from engagements.privacy.selectors import processor_agreement_of
from engagements.privacy.services import processor_agreement_record


@login_required
@require_http_methods(["GET", "POST"])
def agreement(request, pk: int):
    """The engagement's processor agreement and the form to record a (new) signed one."""
    engagement = get_engagement_for_staff(request, pk)
    form = ProcessorAgreementForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                processor_agreement_record(engagement=engagement, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                for field, field_errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, field_errors)
            else:
                messages.success(request, _("The processor agreement is recorded."))
                return redirect(engagement)
        status = 400
    return render(
        request,
        "privacy/agreement.html",
        {"engagement": engagement, "agreement": processor_agreement_of(engagement), "form": form},
        status=status,
    )


@login_required
@require_GET
def agreement_document(request, pk: int, agreement_pk: int):
    """The signed agreement's PDF; staff who may open the engagement only."""
    engagement = get_engagement_for_staff(request, pk)
    found = ProcessorAgreement.objects.filter(
        engagement=engagement, pk=agreement_pk, document__isnull=False
    ).first()
    if found is None:
        raise Http404
    response = HttpResponse(bytes(found.document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{_safe_filename(found.document_name)}"'
    return response


def _safe_filename(name: str) -> str:
    # The uploader's file name goes into a header: keep it to characters that cannot break it.
    kept = "".join(c if c.isalnum() or c in "-_. " else "_" for c in name).strip() or "agreement.pdf"
    return kept[:150]
