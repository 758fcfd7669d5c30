"""One way to turn HTML into a PDF, for every document the consultancy sends.

Quotes, weekly reports and migration certificates all render through `render_pdf`:
WeasyPrint with the consultancy's letterhead, fonts from disk (a stylesheet's @font-face
files inside the project, else the system's fontconfig: Debian's DejaVu) and a fetcher that
serves files inside the project and refuses everything else, so a render never reaches the
network. Fonts, parsed stylesheets and decoded images are kept per thread (Pango's font
map is not known to be safe to share between threads, and a threaded server renders in
several at once), so a render does only the layout.

WeasyPrint is imported on the first render, not when this module is: the quote and report
views import it through the URLconf, and importing WeasyPrint (Pango, fontTools, tinycss2,
...) would add about half a second to every `manage.py` command and worker start.
"""

import mimetypes
import threading
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

LOGO = Path(settings.BASE_DIR) / "static" / "quotes" / "letterhead-logo.svg"


def company() -> dict[str, str]:
    """The consultancy's letterhead: settings.QUOTE_COMPANY (each key can be set from the environment)."""
    return dict(settings.QUOTE_COMPANY)


@cache
def project_file_fetcher_class() -> type:
    """`ProjectFileFetcher`: WeasyPrint's URLFetcher, narrowed to files inside the project.

    WeasyPrint 70 wants a `URLFetcher` instance (it reads the fetcher's error policy from it),
    not a plain function, so the subclass is built here, on first use, with WeasyPrint
    imported inside.
    """
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class ProjectFileFetcher(URLFetcher):
        """Serves `file://` URLs under the project directory and refuses everything else.

        Files are read once per process: the letterhead does not change while we run.
        """

        def fetch(self, url, headers=None):
            path = _project_file(url)
            if path is None:
                raise ValueError(f"Refused to fetch {url!r}: documents load only files inside the project.")
            mime_type, _ = mimetypes.guess_type(path.name)
            return URLFetcherResponse(
                url,
                body=_read_once(str(path)),
                headers={"Content-Type": mime_type or "application/octet-stream"},
            )

    return ProjectFileFetcher


def __getattr__(name: str):
    # `from engagements.pdf import ProjectFileFetcher` keeps working, and imports WeasyPrint
    # only when someone asks for the class (PEP 562).
    if name == "ProjectFileFetcher":
        return project_file_fetcher_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _project_file(url: str) -> Path | None:
    if not url.startswith("file://"):
        return None
    path = Path(unquote(urlsplit(url).path)).resolve()
    root = Path(settings.BASE_DIR).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        return None
    return path


@cache
def _read_once(path: str) -> bytes:
    return Path(path).read_bytes()


_per_thread = threading.local()


def _fetcher():
    """One fetcher per thread: a URLFetcher keeps the request it is opening on itself."""
    if not hasattr(_per_thread, "fetcher"):
        _per_thread.fetcher = project_file_fetcher_class()()
    return _per_thread.fetcher


def font_config():
    """The thread's WeasyPrint FontConfiguration (fonts found and loaded once per thread)."""
    if not hasattr(_per_thread, "font_config"):
        from weasyprint.text.fonts import FontConfiguration

        _per_thread.font_config = FontConfiguration()
    return _per_thread.font_config


def _stylesheet(path: Path):
    sheets = _per_thread.__dict__.setdefault("stylesheets", {})
    if path not in sheets:
        from weasyprint import CSS

        sheets[path] = CSS(filename=str(path), font_config=font_config(), url_fetcher=_fetcher())
    return sheets[path]


def _image_cache() -> dict:
    return _per_thread.__dict__.setdefault("images", {})


# A document has no glyph for a control character: WeasyPrint draws it as a .notdef box and the
# page's text can no longer be copied or searched. A form feed or vertical tab in a stored text
# (a customer name pasted from elsewhere) reads as a space; the other controls are dropped.
_CONTROL_CHARACTERS = str.maketrans(
    {
        **{chr(code): "" for code in [*range(0x00, 0x20), *range(0x7F, 0xA0)] if chr(code) not in "\t\n\r"},
        "\f": " ",
        "\v": " ",
    }
)


def render_pdf(html: str, *, stylesheets: tuple[Path, ...] = ()) -> bytes:
    """The PDF of `html`, with the given stylesheet files parsed once per thread."""
    from weasyprint import HTML

    html = html.translate(_CONTROL_CHARACTERS)
    return HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=_fetcher()).write_pdf(
        stylesheets=[_stylesheet(path) for path in stylesheets],
        font_config=font_config(),
        cache=_image_cache(),
    )
