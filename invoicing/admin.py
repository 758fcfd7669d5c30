"""Admin: the ledger and the invoices are read-only (the ledger is append-only, an issued invoice
is a document); change orders and reconciliations are changed through the pages' services."""

from django.contrib import admin

from invoicing.models import ChangeOrder, CreditEntry, Invoice, InvoiceLine, Reconciliation


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(CreditEntry)
class CreditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "customer", "kind", "amount", "reason", "created_by"]
    list_filter = ["kind"]
    search_fields = ["customer__name", "reason"]


class InvoiceLineInline(admin.TabularInline):
    model = InvoiceLine
    can_delete = False
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Invoice)
class InvoiceAdmin(ReadOnlyAdmin):
    list_display = ["number", "engagement", "kind", "issued_at", "due_date", "total", "ocr_reference"]
    list_filter = ["kind"]
    search_fields = ["number", "ocr_reference", "engagement__reference", "engagement__customer__name"]
    exclude = ["frozen_pdf"]
    inlines = [InvoiceLineInline]


@admin.register(ChangeOrder)
class ChangeOrderAdmin(ReadOnlyAdmin):
    list_display = ["engagement", "number", "amount", "status", "answered_by_name", "answered_at"]
    list_filter = ["status"]


@admin.register(Reconciliation)
class ReconciliationAdmin(ReadOnlyAdmin):
    list_display = ["engagement", "meeting_on", "done_at", "done_by"]
    exclude = ["frozen_pdf"]
