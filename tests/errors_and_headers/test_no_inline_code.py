"""No page template carries code the Content-Security-Policy would refuse (issue 10 §5).

The policy allows scripts and styles from our own static files only, so an inline <script>,
an on...= handler, an htmx hx-on attribute (which needs eval) or a style= attribute would be
blocked in the browser. PDFs (WeasyPrint) and e-mails are not web pages and keep theirs.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
NOT_WEB_PAGES = (
    "/pdf/",
    "/email/",
    "_pdf.html",
    "migration/certificate.html",
    "decommission/certificate.html",
)

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
HX_ON = re.compile(r"\shx-on", re.IGNORECASE)
STYLE = re.compile(r"<style|\sstyle\s*=", re.IGNORECASE)


def _page_templates():
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        if not any(part in "/" + name for part in NOT_WEB_PAGES):
            yield name, path.read_text(encoding="utf-8")


def test_the_scan_sees_the_pages():
    names = [name for name, _text in _page_templates()]
    assert "base.html" in names and "planning/calendar.html" in names
    assert "planning/report_pdf.html" not in names


def test_no_inline_script_handler_or_style_in_page_templates():
    offences = [
        f"{name}: {match.group(0).strip()}"
        for name, text in _page_templates()
        for pattern in (INLINE_SCRIPT, EVENT_HANDLER, HX_ON, STYLE)
        for match in pattern.finditer(text)
    ]

    assert offences == []
