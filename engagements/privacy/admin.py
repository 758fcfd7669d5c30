"""The admin looks; the engagement page records agreements. A person's data is exported here."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _

from engagements.admin_base import FrozenAdmin, ReadOnlyAdmin
from engagements.privacy.forms import PersonExportForm
from engagements.privacy.models import EngagementPrivacy, ProcessorAgreement
from engagements.privacy.person_export import person_data_json
from engagements.services import audit_log

EXPORT_PERMISSION = "privacy.export_person_data"


@admin.register(ProcessorAgreement)
class ProcessorAgreementAdmin(FrozenAdmin):
    list_display = (
        "engagement",
        "version",
        "signed_on",
        "signer_name",
        "signer_role",
        "recorded_by",
        "recorded_at",
    )
    list_select_related = ("engagement__customer", "recorded_by")
    search_fields = ("engagement__reference", "engagement__customer__name", "version")
    date_hierarchy = "signed_on"
    exclude = ("document",)


@admin.register(EngagementPrivacy)
class EngagementPrivacyAdmin(ReadOnlyAdmin):
    list_display = ("engagement", "anonymised_at")
    list_select_related = ("engagement__customer",)
    search_fields = ("engagement__reference", "engagement__customer__name")
    change_list_template = "admin/privacy/engagementprivacy/change_list.html"

    def get_urls(self):
        return [
            path(
                "person-export/",
                self.admin_site.admin_view(self.person_export_view),
                name="privacy_person_export",
            ),
            *super().get_urls(),
        ]

    def person_export_view(self, request):
        """Given an e-mail address, a JSON file of every record about that person."""
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        form = PersonExportForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            email = form.cleaned_data["email"]
            content = person_data_json(email=email)
            # Who exported whose data is itself a record the controller may ask for.
            audit_log(action="privacy.person_exported", user=request.user, details={"email": email})
            response = HttpResponse(content, content_type="application/json; charset=utf-8")
            safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in email)[:100]
            response["Content-Disposition"] = f'attachment; filename="person-{safe}.json"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "title": _("Export a person's data"),
            "form": form,
            "opts": self.model._meta,
            "changelist_url": reverse("admin:privacy_engagementprivacy_changelist"),
        }
        return TemplateResponse(
            request, "admin/privacy/person_export.html", context, status=400 if form.errors else 200
        )
