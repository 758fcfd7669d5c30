from django.contrib import admin

from engagements.planning.models import CalendarFeed, FollowUp, Sprint, StatusUpdate, WeeklyReport


@admin.register(Sprint)
class SprintAdmin(admin.ModelAdmin):
    """Read-only: sprints are booked on the planning page, where the planning rules are checked."""

    list_display = ("date", "slot", "consultant", "engagement", "goal", "status")
    list_filter = ("status", "slot")
    search_fields = ("goal", "engagement__reference", "engagement__customer__name")
    list_select_related = ("consultant", "engagement")
    date_hierarchy = "date"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(WeeklyReport)
class WeeklyReportAdmin(admin.ModelAdmin):
    list_display = ("engagement", "week_start", "status", "sprints_done", "sprints_planned", "sent_at")
    list_filter = ("status",)
    list_select_related = ("engagement",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(FollowUp)
class FollowUpAdmin(admin.ModelAdmin):
    list_display = ("due_date", "engagement", "note", "done_at")
    list_select_related = ("engagement",)

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StatusUpdate)
class StatusUpdateAdmin(admin.ModelAdmin):
    list_display = ("created_at", "engagement", "author", "emailed_at")
    list_select_related = ("engagement", "author")

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(CalendarFeed)
class CalendarFeedAdmin(admin.ModelAdmin):
    list_display = ("user", "created_at")
    exclude = ("token",)

    def has_change_permission(self, request, obj=None):
        return False
