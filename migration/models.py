"""The migration app's data: where the share is, what the scan found, and the upload state per file.

The manifest (`ManifestEntry`) is the single source of truth for the migration: one row per file,
folder, symlink or special file of the share, with the target path in Dropbox and the upload state.
The scan writes the first half of each row (what is on the share); the bulk/delta/verify side writes
the second half (what is in Dropbox).

Paths. A POSIX file name is bytes, and a customer's share may hold names that are not valid UTF-8
(old Mac or Windows servers). Neither PostgreSQL text nor SQLite can store Python's surrogate
escapes, so a path is kept twice when needed:
- `source_path`: text, relative to the share, "/"-separated. Valid UTF-8 names are stored exactly;
  an invalid byte is written as `\\xNN` (`bytes.decode("utf-8", "backslashreplace")`).
- `source_path_raw`: the exact bytes, only for those rare rows (NULL otherwise). Use
  `entry.source_path_bytes` to open the file.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from engagements.models import Engagement


class MigrationSource(models.Model):
    """The share to migrate and where it lands in the customer's Dropbox team space."""

    engagement = models.OneToOneField(Engagement, on_delete=models.CASCADE, related_name="migration_source")
    source_path = models.CharField(
        _("source path"),
        max_length=1000,
        help_text=_("Absolute path of the read-only share on the migration host, e.g. /mnt/share."),
    )
    target_root = models.CharField(
        _("target root in Dropbox"),
        max_length=1000,
        default="/Filserver",
        help_text=_("Folder in the team space where the share's top-level folders land."),
    )
    # Top-level folder of the share -> Dropbox path. Set by the licensing phase's folder plan through
    # migration.services.migration_folder_mapping_set; folders not in it land under target_root.
    folder_mapping = models.JSONField(_("folder mapping"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("migration source")
        verbose_name_plural = _("migration sources")

    def __str__(self) -> str:
        return f"{self.engagement.reference}: {self.source_path}"


class ScanRunKind(models.TextChoices):
    DISCOVERY = "discovery", _("Discovery scan")
    DELTA = "delta", _("Delta scan")


class ScanRunStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ScanRun(models.Model):
    Kind = ScanRunKind
    Status = ScanRunStatus

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="scan_runs")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DISCOVERY)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RUNNING)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Counters, updated every few thousand entries while the walk runs, so pages can show progress.
    files = models.PositiveBigIntegerField(_("files"), default=0)
    folders = models.PositiveBigIntegerField(_("folders"), default=0)
    bytes = models.PositiveBigIntegerField(_("bytes"), default=0)
    exceptions = models.PositiveBigIntegerField(_("exceptions"), default=0)
    progress_at = models.DateTimeField(null=True, blank=True)
    # by_top_folder, by_type, largest, exception_counts, estimated_seconds, throughput_bytes_per_second.
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # Delta scans only: the plan built by migration.delta (see its docstring).
    plan = models.JSONField(_("delta plan"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("scan run")
        verbose_name_plural = _("scan runs")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=ScanRunKind.values), name="migration_scanrun_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ScanRunStatus.values),
                name="migration_scanrun_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.kind} {self.started_at:%Y-%m-%d %H:%M}"


class MigrationJobKind(models.TextChoices):
    BULK = "bulk", _("Bulk migration")
    DELTA = "delta", _("Delta migration")
    VERIFY = "verify", _("Verification")


class MigrationJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class MigrationJob(models.Model):
    Kind = MigrationJobKind
    Status = MigrationJobStatus

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="migration_jobs")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    files_total = models.PositiveBigIntegerField(default=0)
    bytes_total = models.PositiveBigIntegerField(default=0)
    files_done = models.PositiveBigIntegerField(default=0)
    bytes_done = models.PositiveBigIntegerField(default=0)
    files_failed = models.PositiveBigIntegerField(default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    last_progress_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    # Delta jobs: archive files deleted at the source (never a hard delete). Asked per job.
    propagate_deletes = models.BooleanField(default=False)
    # What a finished job found, for its report (a verification's counts and path lists).
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("migration job")
        verbose_name_plural = _("migration jobs")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MigrationJobKind.values), name="migration_job_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MigrationJobStatus.values),
                name="migration_job_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.engagement_id} {self.kind} {self.status}"


class MigrationBatchKind(models.TextChoices):
    SMALL = "small", _("Small files")
    LARGE = "large", _("Large file")


class MigrationBatchStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class MigrationBatch(models.Model):
    Kind = MigrationBatchKind
    Status = MigrationBatchStatus

    job = models.ForeignKey(MigrationJob, on_delete=models.CASCADE, related_name="batches")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.SMALL)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PENDING)
    entries_count = models.PositiveIntegerField(default=0)
    bytes = models.PositiveBigIntegerField(default=0)
    attempts = models.PositiveIntegerField(default=0)
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("migration batch")
        verbose_name_plural = _("migration batches")
        indexes = [models.Index(fields=["job", "status"], name="migration_batch_job_status")]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=MigrationBatchKind.values), name="migration_batch_kind_is_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=MigrationBatchStatus.values),
                name="migration_batch_status_is_known",
            ),
        ]

    def __str__(self) -> str:
        return f"batch {self.pk} ({self.kind}, {self.status})"


class ManifestEntryKind(models.TextChoices):
    FILE = "file", _("File")
    FOLDER = "folder", _("Folder")
    SYMLINK = "symlink", _("Symbolic link")
    SPECIAL = "special", _("Special file")


class ManifestEntryAction(models.TextChoices):
    MIGRATE = "migrate", _("Migrate")
    SKIP = "skip", _("Skip")


class ManifestEntryState(models.TextChoices):
    PENDING = "pending", _("Pending")
    QUEUED = "queued", _("Queued")
    UPLOADED = "uploaded", _("Uploaded")
    VERIFIED = "verified", _("Verified")
    FAILED = "failed", _("Failed")
    CHANGED_DURING_READ = "changed_during_read", _("Changed while read")
    DELETED_IN_SOURCE = "deleted_in_source", _("Deleted in source")


class ManifestEntry(models.Model):
    Kind = ManifestEntryKind
    Action = ManifestEntryAction
    State = ManifestEntryState

    # No index of its own: every index of the table starts with the engagement, and each index
    # costs the scan time on every one of a million inserts.
    engagement = models.ForeignKey(
        Engagement, on_delete=models.CASCADE, related_name="manifest_entries", db_index=False
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # See the module docstring for how paths that are not valid UTF-8 are kept.
    source_path = models.TextField()
    source_path_raw = models.BinaryField(null=True, blank=True)
    # The folder holding this entry ("" for the share's top level); the scan reads a folder's rows at once.
    parent_path = models.TextField(blank=True)
    size = models.PositiveBigIntegerField(default=0)
    mtime_ns = models.BigIntegerField(default=0)
    inode = models.PositiveBigIntegerField(default=0)
    target_path = models.TextField(blank=True)  # Dropbox path, case preserved
    target_path_lower = models.TextField(blank=True)
    action = models.CharField(max_length=10, choices=Action.choices, default=Action.MIGRATE)
    issues = models.JSONField(default=list, blank=True)  # codes of ScanException.Code that apply
    # No constraint in the database either: PostgreSQL checked it with a lookup per row written, a
    # quarter of a first scan's insert time. The scan sets it to its own ScanRun, and deleting a
    # ScanRun through Django still sets it to NULL (on_delete runs in Django, not in the database).
    last_seen_scan = models.ForeignKey(
        ScanRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    # Set by the delta scan when a known entry moved in the source: the Dropbox path it still has
    # there until the delta apply moves it (move_batch_v2) and clears this.
    pending_move_from = models.TextField(blank=True)
    # Folders only: the folder's listing as the last scan saw it (migration.scan.fingerprint), so a
    # rescan reads the rows of changed entries only. NULL: no scan stored one; rescans compare rows.
    listing_fingerprint = models.BinaryField(null=True, blank=True, editable=False)

    # Upload state, written by the bulk/delta/verify side.
    state = models.CharField(max_length=20, choices=State.choices, default=State.PENDING)
    content_hash = models.CharField(max_length=64, blank=True)  # Dropbox content hash of what was read
    dropbox_rev = models.CharField(max_length=64, blank=True)
    dropbox_content_hash = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    # Indexed only where set (see Meta): a scan writes every row without a batch.
    batch = models.ForeignKey(
        MigrationBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        db_index=False,
    )
    uploaded_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["source_path"]
        verbose_name = _("manifest entry")
        verbose_name_plural = _("manifest entries")
        indexes = [
            models.Index(fields=["engagement", "state", "size"], name="migration_entry_planner"),
            models.Index(fields=["engagement", "parent_path"], name="migration_entry_parent"),
            # Rows are in a batch only while a bulk or delta job plans and uploads them; a scan's
            # million inserts skip this index altogether.
            models.Index(fields=["batch"], condition=Q(batch__isnull=False), name="migration_entry_batch"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "source_path"], name="migration_entry_source_unique"
            ),
            models.UniqueConstraint(
                fields=["engagement", "target_path_lower"],
                condition=Q(action="migrate"),
                name="migration_entry_target_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ManifestEntryKind.values),
                name="migration_entry_kind_is_known",
            ),
            models.CheckConstraint(
                condition=Q(action__in=ManifestEntryAction.values), name="migration_entry_action_is_known"
            ),
            models.CheckConstraint(
                condition=Q(state__in=ManifestEntryState.values),
                name="migration_entry_state_is_known",
            ),
        ]

    def __str__(self) -> str:
        return self.source_path

    @property
    def source_path_bytes(self) -> bytes:
        """The exact relative path on the share, for os.open and friends."""
        if self.source_path_raw is not None:
            return bytes(self.source_path_raw)
        return self.source_path.encode("utf-8")


class ScanExceptionCode(models.TextChoices):
    IGNORED_NAME = "ignored_name", _("Name Dropbox ignores (skipped)")
    OFFICE_LOCK_FILE = "office_lock_file", _("Office lock file (skipped)")
    INVALID_CHARACTER = "invalid_character", _("Character not allowed (renamed)")
    TRAILING_DOT_OR_SPACE = "trailing_dot_or_space", _("Trailing dot or space (renamed)")
    CONTROL_CHARACTER = "control_character", _("Control character (renamed)")
    INVALID_UTF8 = "invalid_utf8", _("Name not valid UTF-8 (renamed)")
    NAME_TOO_LONG = "name_too_long", _("Name over 255 characters (shortened)")
    CASE_COLLISION = "case_collision", _("Same name but for case (numbered)")
    UNICODE_TWIN = "unicode_twin", _("Same name in another Unicode form (numbered)")
    PATH_TOO_LONG = "path_too_long", _("Path over 260 characters (warning)")
    SYMLINK = "symlink", _("Symbolic link (skipped)")
    SYMLINK_OUTSIDE = "symlink_outside", _("Symbolic link leading out of the share (skipped)")
    UNREADABLE = "unreadable", _("Unreadable (skipped)")
    SPECIAL_FILE = "special_file", _("Socket, pipe or device (skipped)")


class ScanException(models.Model):
    """One entry the scan skipped, renamed or warns about. Nothing is dropped without one."""

    Code = ScanExceptionCode

    engagement = models.ForeignKey(Engagement, on_delete=models.CASCADE, related_name="scan_exceptions")
    scan = models.ForeignKey(ScanRun, on_delete=models.CASCADE, related_name="scan_exceptions")
    entry = models.ForeignKey(
        ManifestEntry, on_delete=models.SET_NULL, null=True, blank=True, related_name="scan_exceptions"
    )
    code = models.CharField(max_length=30, choices=Code.choices)
    source_path = models.TextField()  # display text, as ManifestEntry.source_path
    target_path = models.TextField(blank=True)  # empty when skipped
    message = models.TextField(blank=True)

    class Meta:
        ordering = ["source_path", "code"]
        verbose_name = _("scan exception")
        verbose_name_plural = _("scan exceptions")
        indexes = [models.Index(fields=["scan", "code"], name="migration_exception_scan_code")]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__in=ScanExceptionCode.values),
                name="migration_exception_code_is_known",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.source_path}"
