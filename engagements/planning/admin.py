"""Read-only lists for superusers: every change goes through the planning pages and their
services, where the planning rules, the review step and the audit log live."""

from django.contrib import admin

from engagements.admin_base import ReadOnlyAdmin
from engagements.planning.models import CalendarFeed, FollowUp, Sprint, StatusUpdate, WeeklyReport


@admin.register(Sprint)
class SprintAdmin(ReadOnlyAdmin):
    list_display = ("date", "slot", "consultant", "engagement", "goal", "status")
    list_filter = ("status", "slot")
    search_fields = ("goal", "engagement__reference", "engagement__customer__name")
    list_select_related = ("consultant", "engagement__customer")
    date_hierarchy = "date"


@admin.register(WeeklyReport)
class WeeklyReportAdmin(ReadOnlyAdmin):
    list_display = ("engagement", "week_start", "status", "sprints_done", "sprints_planned", "sent_at")
    list_filter = ("status",)
    list_select_related = ("engagement__customer",)


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ("due_date", "engagement", "note", "done_at")
    list_select_related = ("engagement__customer",)


@admin.register(StatusUpdate)
class StatusUpdateAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "engagement", "author", "emailed_at")
    list_select_related = ("engagement__customer", "author")


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    list_display = ("user", "created_at")
    exclude = ("token",)
