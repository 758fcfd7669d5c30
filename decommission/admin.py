"""Read-only views of the decommissioning records: changes go through the decommissioning page's
services (validated, audited); the chain of custody is never edited."""

from django.contrib import admin

from decommission.models import Asset, CustodyEntry, Decommission, Medium


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class MediumInline(admin.TabularInline):
    model = Medium
    extra = 0
    can_delete = False
    fields = (
        "kind",
        "serial",
        "size_gb",
        "method",
        "technique",
        "verification_result",
        "sanitised_on",
        "technician",
    )
    readonly_fields = fields


class CustodyInline(admin.TabularInline):
    model = CustodyEntry
    extra = 0
    can_delete = False
    fields = ("taken_by", "taken_at", "note", "recorded_by", "recorded_at")
    readonly_fields = fields


@admin.register(Asset)
class AssetAdmin(ReadOnlyAdmin):
    list_display = ("name", "engagement", "make", "model", "serial", "end", "residual_value")
    list_select_related = ("engagement__customer",)
    search_fields = ("name", "serial", "engagement__reference")
    inlines = [MediumInline, CustodyInline]


@admin.register(Decommission)
class DecommissionAdmin(ReadOnlyAdmin):
    list_display = ("engagement", "signed_at", "signed_by", "waived_at", "credit_amount")
    list_select_related = ("engagement__customer", "signed_by")
    exclude = ("certificate_pdf",)
