"""Admin views of the folder plan: read-mostly, for looking into a customer's plan and its jobs."""

from django.contrib import admin

from licensing.folders.models import AccessRelease, FolderJob, FolderPlan, PlannedFolder


class PlannedFolderInline(admin.TabularInline):
    model = PlannedFolder
    extra = 0
    fields = ["name", "kind", "owner", "source_names", "included", "dropbox_id"]
    readonly_fields = fields


@admin.register(FolderPlan)
class FolderPlanAdmin(admin.ModelAdmin):
    list_display = ["engagement", "revision", "approved_revision", "approved_by_name", "applied_revision"]
    readonly_fields = [f.name for f in FolderPlan._meta.fields]
    inlines = [PlannedFolderInline]


@admin.register(FolderJob)
class FolderJobAdmin(admin.ModelAdmin):
    list_display = ["plan", "kind", "status", "done", "total", "created_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in FolderJob._meta.fields]


@admin.register(AccessRelease)
class AccessReleaseAdmin(admin.ModelAdmin):
    list_display = ["customer_user", "released_at", "released_by", "reason"]
    readonly_fields = ["customer_user", "released_at", "released_by", "reason"]
