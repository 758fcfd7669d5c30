"""`migration bulk|verify REF --here`: progress, a summary, and a non-zero exit with a sentence
when something needs attention."""

import pytest
from django.core.management import CommandError

from engagements.phases import Phase
from tests.migration.bulk_helpers import run_migration_command, scanned
from tests.migration.tree import make_plain_tree
from tests.phase_walk import walk_to

pytestmark = pytest.mark.usefixtures("english")  # assertions read the English msgids


@pytest.fixture
def share(connected_engagement, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=20, per_folder=10)
    scanned(connected_engagement, root)
    return root


def test_bulk_here_then_verify_succeed(connected_engagement, share):
    code, out, err = run_migration_command("bulk", connected_engagement.reference, "--here")
    assert code == 0, err
    assert "20/20 files" in out  # the progress line
    assert "Uploaded 20 of 20 files" in out
    code, out, err = run_migration_command("verify", connected_engagement.reference, "--here")
    assert code == 0, err
    assert "Verified 20 files" in out


def test_a_file_changed_since_the_scan_makes_bulk_exit_non_zero(connected_engagement, share):
    (share / "Avdelning 000" / "Projekt 00000" / "dokument 000.txt").write_bytes(b"changed meanwhile")
    code, out, err = run_migration_command("bulk", connected_engagement.reference, "--here")
    assert code == 1
    assert "changed while they were read; run the delta migration" in err


def test_bulk_refuses_without_a_scan(connected_engagement, tmp_path):
    from migration.services.source import migration_source_set

    walk_to(connected_engagement, Phase.MIGRATING)
    migration_source_set(
        engagement=connected_engagement, source_path=str(tmp_path), target_root="/F", user=None
    )
    with pytest.raises(CommandError) as error:
        run_migration_command("bulk", connected_engagement.reference, "--here")
    assert "scan" in str(error.value).lower()
