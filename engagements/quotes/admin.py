from django.contrib import admin

from engagements.admin_base import FrozenAdmin, ReadOnlyAdmin
from engagements.quotes.models import (
    CatalogueItem,
    CustomerUser,
    DiscoveryRecord,
    FileServer,
    OfflineAcceptance,
    Quote,
    ScanSummary,
)
from engagements.quotes.services import catalogue_item_delete, catalogue_item_save


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin):
    """The service catalogue: the admin keeps names and list prices here; quotes copy them."""

    list_display = ("code", "name_sv", "section", "unit", "unit_price", "vat_rate", "is_active", "position")
    list_editable = ("unit_price", "is_active", "position")
    list_filter = ("section", "is_active")
    search_fields = ("code", "name_sv", "name_en")

    # Every save, the list's inline edits included, and every delete goes through the services,
    # which write the audit row (see engagements/quotes/services/catalogue.py for why not LogEntry).
    def save_model(self, request, obj, form, change):
        catalogue_item_save(item=obj, user=request.user)

    def delete_model(self, request, obj):
        catalogue_item_delete(item=obj, user=request.user)

    def delete_queryset(self, request, queryset):
        for item in queryset:
            catalogue_item_delete(item=item, user=request.user)


@admin.register(Quote)
class QuoteAdmin(FrozenAdmin):
    """Read-only: quotes change through the builder, where versions and audit are kept."""

    list_display = ("__str__", "engagement", "status", "valid_until", "sent_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("engagement__reference", "engagement__customer__name")
    exclude = ("frozen_pdf",)


@admin.register(ScanSummary)
class ScanSummaryAdmin(admin.ModelAdmin):
    list_display = ("engagement", "files", "bytes", "exceptions", "scanned_at")

    def has_change_permission(self, request, obj=None):
        return False


# Discovery is edited on its page, where every change is audited; the admin only looks.
admin.site.register(DiscoveryRecord, ReadOnlyAdmin)
admin.site.register(FileServer, ReadOnlyAdmin)
admin.site.register(CustomerUser, ReadOnlyAdmin)


@admin.register(OfflineAcceptance)
class OfflineAcceptanceAdmin(FrozenAdmin):
    """Read-only: acceptances on paper or by e-mail are recorded on the quote page, audited there."""

    list_display = ("quote", "channel", "recorded_by", "recorded_at", "signed_copy_name")
    list_filter = ("channel",)
    list_select_related = ("quote__engagement", "recorded_by")
    exclude = ("signed_copy",)
