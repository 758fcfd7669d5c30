"""`manage.py migration` speaks the installation's language (LANGUAGE_CODE): Swedish by default,
progress line included, and English when so configured, whatever language was active before."""

import re

import pytest
from django.utils import translation

from tests.migration.bulk_helpers import run_migration_command, scanned
from tests.migration.tree import make_plain_tree


@pytest.fixture
def share(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=20, per_folder=10)
    scanned(connected_engagement, root)
    return root


def test_bulk_and_status_speak_swedish_by_default(connected_engagement, share, settings):
    settings.LANGUAGE_CODE = "sv"
    with translation.override("en"):  # the command follows LANGUAGE_CODE, not what was active
        code, out, err = run_migration_command("bulk", connected_engagement.reference, "--here")
    assert code == 0, err
    # The progress line: kind, status, percent, files, MB with a decimal comma, rate, time left, errors.
    assert re.search(
        r"^bulkmigrering klar 100 % 20/20 filer 0,0/0,0 MB \d+,\d MB/s kvar - fel 0$", out, re.M
    ), out
    assert "Laddade upp 20 av 20 filer" in out

    code, out, err = run_migration_command("status", connected_engagement.reference)
    assert code == 0, err
    assert "  Uppladdad: 20 " in out
    assert re.search(r"^bulkmigrering klar 100 % 20/20 filer", out, re.M), out


def test_with_english_configured_every_line_is_english(connected_engagement, share, settings):
    settings.LANGUAGE_CODE = "en"
    with translation.override("sv"):
        code, out, err = run_migration_command("bulk", connected_engagement.reference, "--here")
    assert code == 0, err
    assert re.search(
        r"^bulk migration done 100% 20/20 files 0\.0/0\.0 MB \d+\.\d MB/s ETA - errors 0$", out, re.M
    ), out
    assert "Uploaded 20 of 20 files" in out
