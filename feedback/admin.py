"""Read-only views of the surveys: they are sent by the daily task and answered through the
customers' links; an edited rating would no longer be what the customer said."""

from django.contrib import admin

from feedback.models import Invitation, Response, Survey


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class InvitationInline(admin.TabularInline):
    model = Invitation
    extra = 0
    can_delete = False
    fields = ("contact", "email", "mailed_at", "reminded_at")
    readonly_fields = fields


@admin.register(Survey)
class SurveyAdmin(ReadOnlyAdmin):
    list_display = ("engagement", "final_invoice_sent_at", "scheduled_for", "sent_at")
    list_select_related = ("engagement__customer",)
    search_fields = ("engagement__reference", "engagement__customer__name")
    inlines = [InvitationInline]


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    list_display = ("invitation", "seller_rating", "team_rating", "recommendation", "submitted_at")
    list_select_related = ("invitation__survey__engagement__customer",)
    search_fields = ("invitation__survey__engagement__reference", "invitation__email")
