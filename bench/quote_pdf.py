"""Benchmark: rendering a two-page quote PDF against WeasyPrint's floor, in the same run.

    .venv/bin/python bench/quote_pdf.py [--runs 15] [--lines 12]

1. Builds, in a throw-away SQLite database, an engagement with a quote of --lines line items
   and the texts of a typical quote (two A4 pages with the default) through the real services.
2. The floor: WeasyPrint rendering a bare one-page HTML document (a heading and a paragraph,
   default stylesheet, no fonts or images of ours) — what any PDF costs in this process.
3. Times `quote_pdf_render` (template rendering, the database reads, layout and PDF), the same
   quote rendered naively (stylesheet parsed and fonts set up on every call, as a plain
   `HTML(...).write_pdf()` would), and `quote_pdf_bytes` of the sent version (the frozen bytes
   served to the customer).
4. Splits the floor's and the quote's time by phase (template and database; HTML parse; WeasyPrint's
   cascade, box building and layout; drawing and writing the PDF, font subsetting included), each
   phase timed on its own with WeasyPrint's public API, so the table says where the time goes.
Prints the median of --runs for each, and the quote's ratio to the floor (target: at most 2.5×).
One warm-up render of each comes first, so fonts and the parsed stylesheet are loaded once, as in
a running server.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def median_seconds(function, runs: int) -> tuple[float, float]:
    """(median wall time, median CPU time of this process). Rendering is single-threaded, so CPU
    time is the figure that stays comparable on a machine shared with other work."""
    function()  # warm-up
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        function()
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return statistics.median(wall), statistics.median(cpu)


def phase_medians(make_html, render_options, runs: int) -> dict[str, float]:
    """Median CPU seconds of each phase of one render: the HTML string, the parse, the layout
    (cascade, boxes, pages) and the PDF (drawing, font subsetting, writing)."""
    from weasyprint import HTML

    from engagements.pdf import _fetcher

    clock = time.process_time
    samples: dict[str, list[float]] = {"template": [], "parse": [], "layout": [], "pdf": []}
    for run in range(runs + 1):
        marks = [clock()]
        html = make_html()
        marks.append(clock())
        document = HTML(string=html, base_url=str(REPO), url_fetcher=_fetcher())
        marks.append(clock())
        rendering = document.render(**render_options())
        marks.append(clock())
        rendering.write_pdf()
        marks.append(clock())
        if run:  # the first is the warm-up
            for name, start, end in zip(samples, marks, marks[1:], strict=False):
                samples[name].append(end - start)
    return {name: statistics.median(values) for name, values in samples.items()}


def _as_plain_paragraphs(html: str) -> str:
    import re

    body = html.split("<body>", 1)[1]
    blocks = re.split(r"</(?:tr|p|h1|h2|div)>", body)
    texts = [" ".join(re.sub(r"<[^>]+>", " ", block).split()) for block in blocks]
    return "<!doctype html><html><body>" + "".join(f"<p>{t}</p>" for t in texts if t) + "</body></html>"


def build_quote(lines: int):
    from django.contrib.auth import get_user_model

    from engagements.models import Customer
    from engagements.quotes.models import CatalogueItem
    from engagements.quotes.services import quote_details_update, quote_draft_start, quote_line_add
    from engagements.services import engagement_create

    seller = get_user_model().objects.create(
        username="bench-seller", first_name="Sara", last_name="Lindqvist"
    )
    customer = Customer.objects.create(name="Åkesson Bygg AB", organisation_number="556036-0793", city="Umeå")
    engagement = engagement_create(
        customer=customer, title="Filserver till Dropbox", seller=seller, user=None
    )
    quote = quote_draft_start(engagement=engagement, user=seller)
    items = list(CatalogueItem.objects.all())
    for index in range(lines):
        quote_line_add(
            quote=quote,
            user=seller,
            catalogue_item=items[index % len(items)],
            quantity=Decimal(1 + index % 7),
            discount_percent=Decimal(index % 3 * 5),
        )
    quote_details_update(
        quote=quote,
        user=seller,
        scope_limitations="\n".join(
            ["E-postflytt ingår inte. Skrivare och ekonomisystem berörs inte."]
            + [
                f"Mappen Arkiv {year} flyttas inte; den ligger kvar på filservern till avvecklingen."
                for year in range(2005, 2015)
            ]
        ),
        assumptions="Kunden ger oss administratörsbehörighet till filservern före start.",
    )
    return quote


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--lines", type=int, default=12)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="macforum-bench-quote-")
    os.environ["MACFORUM_VAR_DIR"] = work
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macforum_projects.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from pypdf import PdfReader
    from weasyprint import HTML

    from engagements.pdf import _image_cache, _stylesheet, font_config
    from engagements.quotes.pdf import STYLESHEET, quote_pdf_bytes, quote_pdf_html, quote_pdf_render
    from engagements.quotes.services import quote_send

    call_command("migrate", verbosity=0)
    quote = build_quote(args.lines)
    pages = len(PdfReader(io.BytesIO(quote_pdf_render(quote=quote))).pages)

    bare = "<!doctype html><html><body><h1>Offert</h1><p>En enkel sida.</p></body></html>"
    floor = median_seconds(lambda: HTML(string=bare).write_pdf(), args.runs)
    render = median_seconds(lambda: quote_pdf_render(quote=quote), args.runs)
    # The same quote rendered the naive way: stylesheet parsed and fonts set up on every call.
    naive = median_seconds(
        lambda: HTML(string=quote_pdf_html(quote=quote), base_url=str(REPO)).write_pdf(
            stylesheets=[str(STYLESHEET)]
        ),
        args.runs,
    )
    # Context for the ratio: the quote's words alone, one paragraph per table row or block, no styles.
    plain_text = _as_plain_paragraphs(quote_pdf_html(quote=quote))
    plain = median_seconds(lambda: HTML(string=plain_text).write_pdf(), args.runs)
    phases = [
        ("floor", phase_medians(lambda: bare, dict, args.runs)),
        (
            "quote",
            phase_medians(
                lambda: quote_pdf_html(quote=quote),
                lambda: {
                    "stylesheets": [_stylesheet(STYLESHEET)],
                    "font_config": font_config(),
                    "cache": _image_cache(),
                },
                args.runs,
            ),
        ),
    ]
    quote_send(quote=quote, user=None)
    quote.refresh_from_db()
    frozen = median_seconds(lambda: quote_pdf_bytes(quote=quote), args.runs)

    print(f"Quote PDF, {args.lines} lines, {pages} pages; median of {args.runs} runs after one warm-up\n")
    print(f"{'what':<56}{'wall ms':>10}{'CPU ms':>10}{'× floor (CPU)':>15}")
    rows = [
        ("floor: WeasyPrint, bare one-page HTML", floor),
        (f"quote_pdf_render, {pages}-page quote (draft preview)", render),
        ("same quote, naive (CSS parsed, fonts set up per call)", naive),
        ("the quote's words only, as unstyled paragraphs", plain),
        ("quote_pdf_bytes, sent version (frozen bytes)", frozen),
    ]
    for label, (wall, cpu) in rows:
        print(f"{label:<56}{wall * 1000:>10.1f}{cpu * 1000:>10.1f}{cpu / floor[1]:>15.2f}")
    print(f"\nWhere the CPU time goes (ms, medians of each phase timed alone):\n{'':<10}", end="")
    print("".join(f"{name:>10}" for name in phases[0][1]) + f"{'sum':>10}")
    for label, medians in phases:
        cells = "".join(f"{seconds * 1000:>10.1f}" for seconds in medians.values())
        print(f"{label:<10}{cells}{sum(medians.values()) * 1000:>10.1f}")
    ratio = render[1] / floor[1]
    verdict = "meets" if ratio <= 2.5 else "MISSES"
    print(f"\nTarget ≤ 2.5× the floor: the two-page quote {verdict} it ({ratio:.2f}× in CPU time).")
    if pages != 2:
        print(f"Note: the quote came out at {pages} pages; adjust --lines for exactly two.")


if __name__ == "__main__":
    main()
