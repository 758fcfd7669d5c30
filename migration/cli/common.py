"""What the CLI actions share: setting the source from options, and printing figures."""

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from engagements.models import Engagement
from migration.models import MigrationSource, ScanException
from migration.services.source import migration_source_set
from migration.templatetags.migration_panels import duration


def source_from_options(*, engagement: Engagement, options: dict) -> MigrationSource | None:
    """Apply --source / --target-root when given; the source as it then stands."""
    source = MigrationSource.objects.filter(engagement=engagement).first()
    if options.get("source") or options.get("target_root"):
        source = migration_source_set(
            engagement=engagement,
            source_path=options.get("source") or (source.source_path if source else ""),
            target_root=options.get("target_root") or (source.target_root if source else "/Filserver"),
            user=None,
        )
    return source


def scan_progress_printer(out):
    """A callback for scan_execute that prints one line every few thousand entries."""

    def progress(summary) -> None:
        out.write(
            _("Scanning: %(files)s files, %(folders)s folders, %(size)s, %(exceptions)s exceptions")
            % {
                "files": f"{summary.files:,}".replace(",", " "),
                "folders": f"{summary.folders:,}".replace(",", " "),
                "size": filesizeformat(summary.bytes),
                "exceptions": f"{summary.exceptions:,}".replace(",", " "),
            }
        )

    return progress


def number(value: int) -> str:
    return f"{value:,}".replace(",", " ")


def scan_summary_lines(scan) -> list[str]:
    summary = scan.summary or {}
    lines = [
        _("Files: %(files)s in %(folders)s folders, %(size)s")
        % {"files": number(scan.files), "folders": number(scan.folders), "size": filesizeformat(scan.bytes)},
        _("Estimated migration time: %(time)s") % {"time": duration(summary.get("estimated_seconds", 0))},
        _("Exceptions: %(count)s") % {"count": number(scan.exceptions)},
    ]
    labels = dict(ScanException.Code.choices)
    for code, count in summary.get("exception_counts", {}).items():
        lines.append(f"  {labels.get(code, code)}: {number(count)}")
    return lines
