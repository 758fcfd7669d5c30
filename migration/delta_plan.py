"""The delta plan: what changed on the share since the manifest, as a plan the delta apply runs.

Detection is a rescan (migration.scan.share + migration.scan.reconcile) that brings the manifest
up to date and leaves the work to do in the rows themselves, so the plan survives a crash and is rebuilt from
the database at any time:

- new and changed files: `state = pending` (changed files keep `dropbox_rev`, so the upload can
  overwrite that revision instead of making a conflict copy);
- moved or renamed entries: the row has its new source and target path and
  `pending_move_from` = the Dropbox path it still has;
- deleted entries: `state = deleted_in_source`, target path unchanged.

API for the delta apply (migration.services.delta):

    plan = delta_plan_build(engagement=engagement)
    plan.moves        # [Move(entry_id, from_path, to_path)] outermost only: moving a folder moves
                      # its contents, so entries under a moved folder are not listed again
    plan.uploads      # [entry id] files to upload (new, changed, or failed before)
    plan.folders      # [entry id] folders to create (new, possibly empty)
    plan.deletions    # [Deletion(entry_id, path)] outermost only; apply only with --propagate-deletes,
                      # by moving into a dated archive folder
    delta_moves_applied(engagement=..., from_paths=[...])   # after move_batch_v2 succeeded: clears
                      # pending_move_from on those entries and everything under them

`migration.services.delta.delta_detect(engagement=..., user=...)` runs the detection in the
calling process and returns the ScanRun(kind=delta) with the plan's counts and lists in `scan.plan`.
"""

from dataclasses import asdict, dataclass, field

from django.db import transaction
from django.db.models import Q

from engagements.models import Engagement
from migration.models import ManifestEntry

UPLOAD_STATES = (
    ManifestEntry.State.PENDING,
    ManifestEntry.State.FAILED,
    ManifestEntry.State.CHANGED_DURING_READ,
)


@dataclass(frozen=True)
class Move:
    entry_id: int
    from_path: str
    to_path: str


@dataclass(frozen=True)
class Deletion:
    entry_id: int
    path: str


@dataclass
class DeltaPlan:
    moves: list[Move] = field(default_factory=list)
    uploads: list[int] = field(default_factory=list)
    folders: list[int] = field(default_factory=list)
    deletions: list[Deletion] = field(default_factory=list)
    upload_bytes: int = 0

    def as_json(self, *, limit: int = 10_000) -> dict:
        """Counts, and the lists up to `limit` items each (delta_plan_build is the full truth)."""
        return {
            "truncated": max(len(self.moves), len(self.uploads), len(self.deletions)) > limit,
            "counts": {
                "moves": len(self.moves),
                "uploads": len(self.uploads),
                "folders": len(self.folders),
                "deletions": len(self.deletions),
                "upload_bytes": self.upload_bytes,
            },
            "moves": [asdict(move) for move in self.moves[:limit]],
            "uploads": self.uploads[:limit],
            "folders": self.folders[:limit],
            "deletions": [asdict(deletion) for deletion in self.deletions[:limit]],
        }

    @property
    def is_empty(self) -> bool:
        return not (self.moves or self.uploads or self.folders or self.deletions)


def _outermost(pairs: list[tuple[str, object]]) -> list[object]:
    """Keep the items whose path is not under another listed path (paths compared lowercased)."""
    kept = []
    kept_prefixes: list[str] = []
    for path, item in sorted(pairs, key=lambda pair: pair[0].lower()):
        lowered = path.lower()
        if any(lowered.startswith(prefix) for prefix in kept_prefixes[-1:]):
            continue
        kept.append(item)
        kept_prefixes.append(lowered + "/")
    return kept


def delta_plan_build(*, engagement: Engagement) -> DeltaPlan:
    """The work the delta apply has left to do, read from the manifest.

    One pass over the rows with work left (to upload, to move or deleted at the source), in
    source path order: each of those lists used to be its own query, and each of them a scan of
    the whole manifest on PostgreSQL.
    """
    plan = DeltaPlan()
    with_work = Q(state__in=[*UPLOAD_STATES, ManifestEntry.State.DELETED_IN_SOURCE]) | ~Q(
        pending_move_from=""
    )
    rows = (
        ManifestEntry.objects.filter(with_work, engagement=engagement, action=ManifestEntry.Action.MIGRATE)
        .order_by("source_path")
        .values_list("pk", "kind", "size", "state", "pending_move_from", "target_path")
    )
    move_pairs = []
    moved_uploads = []  # changed files that also moved: move first, then upload the new content
    deleted = []
    for pk, kind, size, state, from_path, to_path in rows:
        if from_path:
            move_pairs.append((from_path, (Move(pk, from_path, to_path), to_path)))
            if state in UPLOAD_STATES and kind == ManifestEntry.Kind.FILE:
                moved_uploads.append((pk, size))
        elif state in UPLOAD_STATES:
            if kind == ManifestEntry.Kind.FILE:
                plan.uploads.append(pk)
                plan.upload_bytes += size
            elif kind == ManifestEntry.Kind.FOLDER:
                plan.folders.append(pk)
        if state == ManifestEntry.State.DELETED_IN_SOURCE:
            deleted.append((to_path, Deletion(pk, to_path)))

    # A move under a moved folder is implied by it only when it keeps its place inside the folder.
    implied_by: list[tuple[str, str]] = []
    for from_path, (move, to_path) in sorted(move_pairs, key=lambda pair: pair[0].lower()):
        covered = any(
            from_path.lower().startswith(parent_from + "/")
            and to_path.lower() == parent_to + from_path.lower()[len(parent_from) :]
            for parent_from, parent_to in implied_by
        )
        if not covered:
            plan.moves.append(move)
        implied_by.append((from_path.lower(), to_path.lower()))
    for pk, size in moved_uploads:
        plan.uploads.append(pk)
        plan.upload_bytes += size
    plan.deletions = _outermost(deleted)
    return plan


@transaction.atomic
def delta_moves_applied(*, engagement: Engagement, from_paths: list[str]) -> int:
    """Clear `pending_move_from` of entries moved in Dropbox, and of everything under them."""
    done = 0
    pending = ManifestEntry.objects.filter(engagement=engagement).exclude(pending_move_from="")
    lowered = [path.lower() for path in from_paths]
    for pk, from_path in pending.values_list("pk", "pending_move_from"):
        path = from_path.lower()
        if any(path == prefix or path.startswith(prefix + "/") for prefix in lowered):
            done += ManifestEntry.objects.filter(pk=pk).update(pending_move_from="")
    return done
