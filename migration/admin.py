"""Admin views of the migration data. Scans, the manifest and exceptions are written by the engine,
so they are read-only here; only the source settings are edited (through the service rules)."""

from django.contrib import admin

from engagements.admin_base import ReadOnlyAdmin
from migration.models import (
    ManifestEntry,
    MigrationBatch,
    MigrationJob,
    MigrationSource,
    ScanException,
    ScanRun,
)


@admin.register(MigrationSource)
class MigrationSourceAdmin(ReadOnlyAdmin):
    list_display = ["engagement", "source_path", "target_root", "updated_at"]
    search_fields = ["engagement__reference", "source_path"]


@admin.register(ScanRun)
class ScanRunAdmin(ReadOnlyAdmin):
    list_display = [
        "engagement",
        "kind",
        "status",
        "started_at",
        "finished_at",
        "files",
        "bytes",
        "exceptions",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["engagement__reference"]
    list_select_related = ["engagement__customer"]


@admin.register(ManifestEntry)
class ManifestEntryAdmin(ReadOnlyAdmin):
    list_display = ["source_path", "engagement", "kind", "size", "action", "state", "target_path"]
    list_filter = ["kind", "action", "state"]
    search_fields = ["engagement__reference", "source_path", "target_path"]
    list_select_related = ["engagement__customer"]
    show_full_result_count = False  # counting millions of rows on every page is slow


@admin.register(ScanException)
class ScanExceptionAdmin(ReadOnlyAdmin):
    list_display = ["source_path", "code", "target_path", "engagement", "scan"]
    list_filter = ["code"]
    search_fields = ["engagement__reference", "source_path"]
    list_select_related = ["engagement__customer", "scan"]


@admin.register(MigrationJob)
class MigrationJobAdmin(ReadOnlyAdmin):
    list_display = ["engagement", "kind", "status", "files_done", "files_total", "files_failed", "created_at"]
    list_filter = ["kind", "status"]
    search_fields = ["engagement__reference"]
    list_select_related = ["engagement__customer"]


@admin.register(MigrationBatch)
class MigrationBatchAdmin(ReadOnlyAdmin):
    list_display = ["pk", "job", "kind", "status", "entries_count", "bytes", "attempts", "claimed_by"]
    list_filter = ["kind", "status"]
