"""The customer's proof that nothing was lost: the verification CSV and a one-page PDF certificate.

The PDF is rendered from templates/migration/certificate.html by engagements.pdf.render_pdf
(WeasyPrint; nothing is fetched over the network, fonts come from fontconfig on disk).
"""

from dataclasses import dataclass

from django.db.models import Count, Q, Sum
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from engagements.csv_safe import csv_writer
from engagements.models import Engagement
from engagements.pdf import LOGO, company, render_pdf
from migration.models import ManifestEntry, MigrationJob, ScanException
from migration.selectors import latest_discovery_scan, verification_result

RENAME_CODES = [
    ScanException.Code.INVALID_CHARACTER,
    ScanException.Code.TRAILING_DOT_OR_SPACE,
    ScanException.Code.CONTROL_CHARACTER,
    ScanException.Code.INVALID_UTF8,
    ScanException.Code.NAME_TOO_LONG,
    ScanException.Code.CASE_COLLISION,
    ScanException.Code.UNICODE_TWIN,
]
IN_DROPBOX = [ManifestEntry.State.UPLOADED, ManifestEntry.State.VERIFIED]


@dataclass(frozen=True)
class CertificateFigures:
    files_moved: int
    bytes_moved: int
    files_verified: int
    bytes_verified: int
    files_renamed: int
    files_skipped: int
    files_not_verified: int
    verification: MigrationJob | None
    verification_passed: bool


def latest_verification(engagement: Engagement) -> MigrationJob | None:
    return (
        MigrationJob.objects.filter(
            engagement=engagement, kind=MigrationJob.Kind.VERIFY, status=MigrationJob.Status.DONE
        )
        .order_by("-finished_at", "-pk")
        .first()
    )


def certificate_figures(engagement: Engagement) -> CertificateFigures:
    files = ManifestEntry.objects.filter(engagement=engagement, kind=ManifestEntry.Kind.FILE)
    totals = files.aggregate(
        moved=Count("pk", filter=Q(state__in=IN_DROPBOX, action=ManifestEntry.Action.MIGRATE)),
        moved_bytes=Sum("size", filter=Q(state__in=IN_DROPBOX, action=ManifestEntry.Action.MIGRATE)),
        verified=Count(
            "pk", filter=Q(state=ManifestEntry.State.VERIFIED, action=ManifestEntry.Action.MIGRATE)
        ),
        verified_bytes=Sum(
            "size", filter=Q(state=ManifestEntry.State.VERIFIED, action=ManifestEntry.Action.MIGRATE)
        ),
        skipped=Count("pk", filter=Q(action=ManifestEntry.Action.SKIP)),
        to_migrate=Count("pk", filter=Q(action=ManifestEntry.Action.MIGRATE)),
    )
    scan = latest_discovery_scan(engagement)
    renamed = (
        ScanException.objects.filter(engagement=engagement, code__in=RENAME_CODES)
        .values("source_path")
        .distinct()
        .count()
        if scan
        else 0
    )
    verification = latest_verification(engagement)
    result = verification_result(verification) if verification else {}
    return CertificateFigures(
        files_moved=totals["moved"],
        bytes_moved=totals["moved_bytes"] or 0,
        files_verified=totals["verified"],
        bytes_verified=totals["verified_bytes"] or 0,
        files_renamed=renamed,
        files_skipped=totals["skipped"],
        files_not_verified=totals["to_migrate"] - totals["verified"],
        verification=verification,
        verification_passed=bool(result.get("passed")) and totals["to_migrate"] == totals["verified"],
    )


def certificate_html(*, engagement: Engagement) -> str:
    with translation.override(engagement.customer.language or "sv"):
        return render_to_string(
            "migration/certificate.html",
            {
                "engagement": engagement,
                "customer": engagement.customer,
                "company": company(),
                "logo_url": LOGO.as_uri() if LOGO.exists() else "",
                "figures": certificate_figures(engagement),
                "issued": timezone.localdate(),
            },
        )


def certificate_pdf(*, engagement: Engagement) -> bytes:
    """The one-page certificate as PDF bytes (engagements.pdf: letterhead, fonts from disk)."""
    return render_pdf(certificate_html(engagement=engagement))


def verification_csv_rows(engagement: Engagement):
    """The header, then every file of the manifest: source path, Dropbox path, size, content hash, status."""
    labels = dict(ManifestEntry.State.choices)
    yield [_("Source path"), _("Dropbox path"), _("Size"), _("Content hash"), _("Status")]
    files = ManifestEntry.objects.filter(engagement=engagement, kind=ManifestEntry.Kind.FILE).order_by(
        "source_path"
    )
    for source_path, target, size, local_hash, remote_hash, state, action in files.values_list(
        "source_path", "target_path", "size", "content_hash", "dropbox_content_hash", "state", "action"
    ).iterator(chunk_size=5000):
        skipped = action == ManifestEntry.Action.SKIP
        status = _("Skipped") if skipped else str(labels.get(state, state))
        yield [source_path, "" if skipped else target, size, remote_hash or local_hash, status]


def verification_csv_write(*, engagement: Engagement, path: str) -> int:
    """Write the verification CSV to `path`; returns the number of files."""
    rows = -1
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv_writer(handle)
        for row in verification_csv_rows(engagement):
            writer.writerow(row)
            rows += 1
    return rows
