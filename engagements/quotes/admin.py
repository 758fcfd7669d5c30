from django.contrib import admin

from engagements.quotes.models import (
    CatalogueItem,
    CustomerUser,
    DiscoveryRecord,
    FileServer,
    Quote,
    ScanSummary,
)


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin):
    """The service catalogue: the admin keeps names and list prices here; quotes copy them."""

    list_display = ("code", "name_sv", "section", "unit", "unit_price", "vat_rate", "is_active", "position")
    list_editable = ("unit_price", "is_active", "position")
    list_filter = ("section", "is_active")
    search_fields = ("code", "name_sv", "name_en")


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    """Read-only: quotes change through the builder, where versions and audit are kept."""

    list_display = ("__str__", "engagement", "status", "valid_until", "sent_at", "answered_at")
    list_filter = ("status",)
    search_fields = ("engagement__reference", "engagement__customer__name")
    exclude = ("frozen_pdf",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ScanSummary)
class ScanSummaryAdmin(admin.ModelAdmin):
    list_display = ("engagement", "files", "bytes", "exceptions", "scanned_at")

    def has_change_permission(self, request, obj=None):
        return False


class ViewOnlyAdmin(admin.ModelAdmin):
    """Discovery is edited on its page, where every change is audited; the admin only looks."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


admin.site.register(DiscoveryRecord, ViewOnlyAdmin)
admin.site.register(FileServer, ViewOnlyAdmin)
admin.site.register(CustomerUser, ViewOnlyAdmin)
