"""A `swedish` fixture for tests that read Swedish: the page in Swedish, with the translations still
waiting in locale/parts/ (folded into the catalogue by `make messages`) already in force.

Once `make messages` has folded them, the inbox is empty and the fixture reads the catalogue alone.
"""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

CATALOGUE = Path(settings.BASE_DIR) / "locale/sv/LC_MESSAGES/django.po"


def _catalogue_with_inbox(target: Path) -> Path:
    parts = sorted((Path(settings.BASE_DIR) / "locale/parts").glob("*.po"))
    messages = target / "sv/LC_MESSAGES"
    messages.mkdir(parents=True)
    # --use-first: an inbox entry wins over the catalogue's, as in scripts/update-translations.
    subprocess.run(
        ["msgcat", "--use-first", "-o", str(messages / "django.po"), *map(str, parts), str(CATALOGUE)],
        check=True,
        capture_output=True,
    )
    subprocess.run(["msgfmt", "-o", str(messages / "django.mo"), str(messages / "django.po")], check=True)
    return target


@pytest.fixture
def swedish(settings, tmp_path):
    settings.LANGUAGE_CODE = "sv"
    if any((Path(settings.BASE_DIR) / "locale/parts").glob("*.po")):
        if shutil.which("msgcat") is None:
            pytest.skip("needs gettext to read the Swedish waiting in locale/parts/")
        settings.LOCALE_PATHS = [str(_catalogue_with_inbox(tmp_path / "locale"))]
    with translation.override("sv"):
        yield
