from django.contrib import admin

from training.installation.models import Installation


@admin.register(Installation)
class InstallationAdmin(admin.ModelAdmin):
    """Read-only: changes go through the plan page, so they are checked and audited."""

    list_display = (
        "customer_user",
        "device",
        "operating_system",
        "method",
        "status",
        "consultant",
        "engagement",
    )
    list_filter = ("status", "method", "operating_system")
    search_fields = ("customer_user__name", "customer_user__email", "engagement__reference")
    list_select_related = ("customer_user", "consultant", "engagement")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
