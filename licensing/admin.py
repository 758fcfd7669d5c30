from django.contrib import admin

from engagements.admin_base import ReadOnlyAdmin
from licensing.models import DropboxPlan, InvitationRun, LicencePlan, TeamMember
from licensing.services import dropbox_plan_save


@admin.register(DropboxPlan)
class DropboxPlanAdmin(admin.ModelAdmin):
    """The Dropbox plans we sell: the admin keeps minimum seats and prices here; every save is audited."""

    list_display = (
        "name",
        "code",
        "minimum_seats",
        "price_per_user_month",
        "vat_rate",
        "is_active",
        "position",
    )
    list_editable = ("price_per_user_month", "minimum_seats", "is_active", "position")

    def save_model(self, request, obj, form, change):
        dropbox_plan_save(plan=obj, user=request.user)

    def has_delete_permission(self, request, obj=None):
        # Plans are referenced by licence plans (PROTECT); retire one with "active" instead.
        return False


@admin.register(LicencePlan)
class LicencePlanAdmin(ReadOnlyAdmin):
    list_display = ("engagement", "plan", "buffer_seats", "months", "updated_at")


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ("customer_user", "engagement", "licensed", "status", "team_member_id")
    list_filter = ("status",)


@admin.register(InvitationRun)
class InvitationRunAdmin(ReadOnlyAdmin):
    list_display = ("engagement", "status", "members_done", "members_total", "created_at")
