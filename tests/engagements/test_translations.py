"""The Swedish catalogue covers every message in the code and templates, and is compiled.

Runs Django's own `makemessages` on a copy of the source, so a string added without a Swedish
translation (or left in locale/parts/ without `make messages`) fails here rather than showing
English to a Swedish customer.
"""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
CATALOGUE = Path("locale/sv/LC_MESSAGES/django.po")
NOT_SOURCE = shutil.ignore_patterns(".venv", ".git", "var", "tests", "bench", "node_modules", "*.pyc")

pytestmark = pytest.mark.skipif(shutil.which("msgattrib") is None, reason="needs gettext")


def _untranslated(po: Path) -> list[str]:
    out = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", "--no-wrap", str(po)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if line.startswith("msgid ") and line != 'msgid ""']


def test_every_message_in_the_source_has_a_swedish_translation(tmp_path):
    copy = tmp_path / "src"
    shutil.copytree(ROOT, copy, ignore=NOT_SOURCE)
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "sv", "--no-obsolete", "-v0"],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    missing = _untranslated(copy / CATALOGUE)
    assert not missing, f"{len(missing)} messages lack Swedish (run `make messages`): {missing[:10]}"


def test_no_translations_wait_in_the_inbox():
    waiting = sorted(p.name for p in (ROOT / "locale/parts").glob("*.po"))
    assert not waiting, f"run `make messages` to fold {waiting} into the catalogue"


def test_the_compiled_catalogue_matches_the_source_catalogue(tmp_path):
    # gettext reads the .mo: a .po edited without compiling would not reach any page.
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(fresh), str(ROOT / CATALOGUE)], check=True)
    with fresh.open("rb") as compiled_now, (ROOT / CATALOGUE).with_suffix(".mo").open("rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled_now)._catalog
