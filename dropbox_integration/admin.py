from django.contrib import admin

from dropbox_integration.models import DropboxAction, DropboxConnection
from dropbox_integration.services import dropbox_disconnect
from engagements.admin_base import FrozenAdmin

# The encrypted refresh token is never a field here: not listed, not in the form, not searchable.
SHOWN_FIELDS = (
    "engagement",
    "team_name",
    "team_id",
    "admin_email",
    "admin_account_id",
    "admin_member_id",
    "root_namespace_id",
    "scopes",
    "connected_by",
    "connected_at",
)


@admin.register(DropboxConnection)
class DropboxConnectionAdmin(admin.ModelAdmin):
    list_display = ("team_name", "engagement", "admin_email", "connected_by", "connected_at")
    list_select_related = ("engagement__customer", "connected_by")
    search_fields = ("team_name", "team_id", "engagement__reference", "engagement__customer__name")
    fields = SHOWN_FIELDS
    readonly_fields = SHOWN_FIELDS
    actions = None  # no bulk delete: a disconnect revokes the token and audits, one at a time

    def has_add_permission(self, request):
        # Connections come from the OAuth flow (engagement page or `manage.py dropbox_connect`).
        return False

    def delete_model(self, request, obj):
        dropbox_disconnect(engagement=obj.engagement, user=request.user)


@admin.register(DropboxAction)
class DropboxActionAdmin(FrozenAdmin):
    """Append-only: the admin shows the audit; nobody adds, changes or deletes a row here."""

    list_display = ("at", "engagement_reference", "user_name", "action", "target", "result")
    list_filter = ("result", "action")
    search_fields = ("engagement_reference", "user_name", "target", "reason")
    date_hierarchy = "at"

    def get_actions(self, request):
        return {}
