"""`migration report REF --out DIR`: the exceptions CSV, the verification CSV and the PDF certificate."""

import os

from django.utils.translation import gettext as _

from migration.reports.certificate import certificate_figures, certificate_pdf, verification_csv_write
from migration.reports.exceptions import exceptions_csv_write
from migration.selectors import latest_discovery_scan


def run(*, engagement, options, out, err) -> int:
    folder = options.get("out")
    if not folder:
        err.write(_("Say where to write the reports with --out DIR."))
        return 2
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError as error:
        err.write(
            _("The folder %(folder)s cannot be created: %(reason)s.")
            % {"folder": folder, "reason": error.strerror}
        )
        return 2
    scan = latest_discovery_scan(engagement)
    if scan is None:
        err.write(_("The engagement has not been scanned; there is nothing to report."))
        return 1
    stem = os.path.join(folder, engagement.reference)
    exceptions = exceptions_csv_write(scan, f"{stem}-exceptions.csv")
    rows = verification_csv_write(engagement=engagement, path=f"{stem}-verification.csv")
    with open(f"{stem}-certificate.pdf", "wb") as handle:
        handle.write(certificate_pdf(engagement=engagement))
    out.write(
        _("Exceptions report: %(path)s (%(count)d rows)")
        % {"path": f"{stem}-exceptions.csv", "count": exceptions}
    )
    out.write(
        _("Verification report: %(path)s (%(count)d files)")
        % {"path": f"{stem}-verification.csv", "count": rows}
    )
    out.write(_("Certificate: %(path)s") % {"path": f"{stem}-certificate.pdf"})
    figures = certificate_figures(engagement)
    if not figures.verification_passed:
        err.write(
            _(
                "The migration is not verified in full (%(count)d files to move or check); "
                "the certificate says so."
            )
            % {"count": figures.files_not_verified}
        )
        return 1
    return 0
