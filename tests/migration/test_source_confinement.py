"""A migration reads only the customer's share (issue 10 §1), tested as the attack was: the source
set to /etc, a source swapped for a symlink to /etc after it was set, a symlink inside the share
to /etc/passwd, a folder swapped for a symlink after the scan, and a root whose name is a prefix of
another's."""

import io
import marshal
import os
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils.html import escape

from migration.content_hash import content_hash_of_file
from migration.models import ManifestEntry, MigrationJob, MigrationSource, ScanException, ScanRun
from migration.scan.walk import BATCH_ENTRIES, walk
from migration.services.bulk import migration_start_bulk
from migration.services.job_start import MigrationNotReady
from migration.services.runner import job_run_here
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set
from migration.source_roots import SourceOutsideRoots, confined_source_path
from tests.migration.bulk_helpers import dropbox_files, scanned

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def shares(settings, tmp_path) -> Path:
    """The one folder where customers' shares are mounted, as MIGRATION_SOURCE_ROOTS says."""
    root = tmp_path.resolve() / "shares"
    root.mkdir()
    settings.MIGRATION_SOURCE_ROOTS = [str(root)]
    return root


@pytest.fixture
def share(shares) -> Path:
    root = shares / "kund"
    (root / "Ekonomi").mkdir(parents=True)
    (root / "Ekonomi" / "Budget.xlsx").write_bytes(b"budget 2026")
    return root


def outside(path: str, shares: Path) -> str:
    return (
        f"The source {path} is outside the folders where customers' shares are mounted ({shares}); "
        "a migration reads only there."
    )


def leads_outside(path: Path, real: str, shares: Path) -> str:
    return (
        f"The source {path} leads to {real}, outside the folders where customers' shares are mounted "
        f"({shares}); a migration reads only there."
    )


def swap_for_symlink(path: Path, target: str) -> None:
    """What an attacker with write access to the share does after the check: the folder (or
    file) moves aside and a symlink takes its name."""
    path.rename(path.with_name(path.name + "-moved"))
    path.symlink_to(target)


# -- setting the source ------------------------------------------------------------------------


def test_the_form_refuses_etc_and_the_page_says_why(shares, engagement, consultant, client_for):
    response = client_for(consultant).post(
        reverse("migration:source_update", args=[engagement.pk]),
        {"source_path": "/etc", "target_root": "/Filserver"},
    )
    assert response.status_code == 400
    assert escape(outside("/etc", shares)) in response.content.decode()
    assert not MigrationSource.objects.filter(engagement=engagement).exists()


def test_the_service_refuses_etc_and_saves_nothing(shares, share, engagement, coordinator):
    migration_source_set(engagement=engagement, source_path=str(share), target_root="/Kund", user=coordinator)
    with pytest.raises(SourceOutsideRoots) as refusal:
        migration_source_set(
            engagement=engagement, source_path="/etc", target_root="/Annat", user=coordinator
        )
    assert refusal.value.message == outside("/etc", shares)
    source = MigrationSource.objects.get(engagement=engagement)
    assert (source.source_path, source.target_root) == (str(share), "/Kund")


def test_a_path_into_the_share_that_climbs_out_is_refused(shares, share, engagement):
    climbing = f"{share}/../../../../../../etc"
    with pytest.raises(SourceOutsideRoots) as refusal:
        migration_source_set(engagement=engagement, source_path=climbing, target_root="/Kund", user=None)
    assert refusal.value.message == outside(climbing, shares)
    assert not MigrationSource.objects.filter(engagement=engagement).exists()


def test_the_cli_refuses_etc_with_a_sentence_and_exit_code_2(shares, engagement):
    # A CommandError: manage.py prints "CommandError: <sentence>" and exits with its code, no traceback.
    with pytest.raises(CommandError) as refusal:
        call_command(
            "migration",
            "scan",
            engagement.reference,
            "--source",
            "/etc",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert refusal.value.returncode == 2
    assert str(refusal.value) == outside("/etc", shares)
    assert not MigrationSource.objects.filter(engagement=engagement).exists()
    assert not ScanRun.objects.filter(engagement=engagement).exists()


def test_a_symlink_in_the_roots_that_leads_to_etc_is_refused(shares, engagement):
    (shares / "kund").symlink_to("/etc")
    with pytest.raises(SourceOutsideRoots) as refusal:
        migration_source_set(
            engagement=engagement, source_path=str(shares / "kund"), target_root="/K", user=None
        )
    assert refusal.value.message == leads_outside(shares / "kund", "/etc", shares)


def test_a_root_whose_name_is_a_prefix_is_not_a_parent(settings, tmp_path):
    settings.MIGRATION_SOURCE_ROOTS = ["/mnt/share"]
    assert confined_source_path("/mnt/share") == "/mnt/share"
    assert confined_source_path("/mnt/share/kund/") == "/mnt/share/kund"
    with pytest.raises(SourceOutsideRoots, match=r"^The source /mnt/share2 is outside .*\(/mnt/share\)"):
        confined_source_path("/mnt/share2")
    with pytest.raises(SourceOutsideRoots):
        confined_source_path("/mnt/share2/kund")
    # The same on a real file system, where both folders exist.
    settings.MIGRATION_SOURCE_ROOTS = [str(tmp_path / "share")]
    (tmp_path / "share").mkdir()
    (tmp_path / "share2" / "kund").mkdir(parents=True)
    with pytest.raises(SourceOutsideRoots):
        confined_source_path(str(tmp_path / "share2" / "kund"))


def test_with_no_roots_configured_nothing_may_be_read(settings, share):
    settings.MIGRATION_SOURCE_ROOTS = []
    with pytest.raises(SourceOutsideRoots) as refusal:
        confined_source_path(str(share))
    assert refusal.value.message == (
        "No folder on this host may be read by a migration; set MIGRATION_SOURCE_ROOTS."
    )


# -- the source swapped for a symlink after it was set ------------------------------------------


def test_a_source_swapped_for_a_symlink_to_etc_is_refused_when_the_scan_starts(shares, share, engagement):
    migration_source_set(engagement=engagement, source_path=str(share), target_root="/Kund", user=None)
    swap_for_symlink(share, "/etc")
    with pytest.raises(SourceOutsideRoots) as refusal:
        scan_start(engagement=engagement, user=None)
    assert refusal.value.message == leads_outside(share, "/etc", shares)
    assert not ScanRun.objects.filter(engagement=engagement).exists()


def test_a_source_swapped_between_scan_start_and_the_walk_fails_the_scan(shares, share, engagement):
    migration_source_set(engagement=engagement, source_path=str(share), target_root="/Kund", user=None)
    scan = scan_start(engagement=engagement, user=None)
    swap_for_symlink(share, "/etc")  # while the scan task waits in the queue
    scan = scan_execute(scan=scan)
    assert scan.status == ScanRun.Status.FAILED
    assert scan.error == leads_outside(share, "/etc", shares)
    assert not ManifestEntry.objects.filter(engagement=engagement).exists()


def test_a_source_swapped_after_the_scan_is_refused_at_bulk_start(
    shares, share, connected_engagement, client_for
):
    scanned(connected_engagement, share)
    swap_for_symlink(share, "/etc")
    with pytest.raises(MigrationNotReady) as refusal:
        migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False)
    assert refusal.value.message == leads_outside(share, "/etc", shares)
    assert not MigrationJob.objects.filter(engagement=connected_engagement).exists()
    # The migration page says so beside the buttons instead of failing.
    response = client_for(connected_engagement.coordinator).get(
        reverse("migration:page", args=[connected_engagement.pk])
    )
    assert response.status_code == 200
    assert escape(leads_outside(share, "/etc", shares)) in response.content.decode()


def test_a_source_swapped_after_the_bulk_started_fails_the_job_and_uploads_nothing(
    shares, share, connected_engagement
):
    scanned(connected_engagement, share)
    job = migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False)
    swap_for_symlink(share, "/etc")  # while the batches wait for a worker
    job = job_run_here(job_id=job.pk)
    assert job.status == MigrationJob.Status.FAILED
    assert job.error == leads_outside(share, "/etc", shares)
    assert dropbox_files(connected_engagement) == {}


# -- symlinks inside the share --------------------------------------------------------------------


def test_a_symlink_to_etc_passwd_is_an_exception_and_never_reaches_dropbox(
    shares, share, connected_engagement, client_for
):
    (share / "Ekonomi" / "passwd").symlink_to("/etc/passwd")
    (share / "Ekonomi" / "Budget-länk.xlsx").symlink_to("Budget.xlsx")  # stays inside: a plain symlink
    scan = scanned(connected_engagement, share)

    codes = dict(ScanException.objects.filter(scan=scan).values_list("source_path", "code"))
    assert codes == {"Ekonomi/passwd": "symlink_outside", "Ekonomi/Budget-länk.xlsx": "symlink"}
    report = client_for(connected_engagement.coordinator).get(
        reverse("migration:exceptions", args=[connected_engagement.pk])
    )
    assert "Symbolic link leading out of the share (skipped)" in report.content.decode()

    job = job_run_here(
        job_id=migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False).pk
    )
    assert job.status == MigrationJob.Status.DONE
    assert dropbox_files(connected_engagement) == {
        "/Filserver/Ekonomi/Budget.xlsx": content_hash_of_file(share / "Ekonomi" / "Budget.xlsx")
    }


def test_a_folder_swapped_for_a_symlink_after_the_scan_is_not_read_by_the_bulk(
    shares, share, connected_engagement
):
    """The file the scan saw has the size and mtime of /etc/passwd, so only opening name by name
    below the share (no symlink followed on the way) keeps /etc/passwd out of Dropbox."""
    passwd = os.stat("/etc/passwd")
    decoy = share / "Ekonomi" / "passwd"
    decoy.write_bytes(b"d" * passwd.st_size)
    os.utime(decoy, ns=(passwd.st_atime_ns, passwd.st_mtime_ns))
    scanned(connected_engagement, share)
    swap_for_symlink(share / "Ekonomi", "/etc")

    job = job_run_here(
        job_id=migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False).pk
    )

    assert job.files_done == 0
    assert dropbox_files(connected_engagement) == {}
    entry = ManifestEntry.objects.get(engagement=connected_engagement, source_path="Ekonomi/passwd")
    assert entry.state != ManifestEntry.State.UPLOADED


def test_a_file_swapped_for_a_symlink_after_the_scan_is_not_uploaded(shares, share, connected_engagement):
    scanned(connected_engagement, share)
    swap_for_symlink(share / "Ekonomi" / "Budget.xlsx", "/etc/passwd")
    job = job_run_here(
        job_id=migration_start_bulk(engagement=connected_engagement, user=None, enqueue=False).pk
    )
    assert job.files_done == 0
    assert dropbox_files(connected_engagement) == {}
    entry = ManifestEntry.objects.get(engagement=connected_engagement, source_path="Ekonomi/Budget.xlsx")
    assert entry.state == ManifestEntry.State.FAILED
    assert entry.last_error == "The path is now a symbolic link."


class _SwapOnFirstWrite(io.BytesIO):
    """The walker's output pipe, with an attacker who swaps a folder for a symlink to /etc the
    moment the walker has sent the listing that says it is a folder."""

    def __init__(self, folder: Path):
        super().__init__()
        self.folder = folder

    def write(self, data):
        if not self.folder.is_symlink():
            swap_for_symlink(self.folder, "/etc")
        return super().write(data)


def test_the_walker_does_not_enter_a_folder_swapped_for_a_symlink_after_it_was_listed(tmp_path):
    root = tmp_path / "share"
    (root / "Ekonomi").mkdir(parents=True)
    (root / "Ekonomi" / "Budget.xlsx").write_bytes(b"budget")
    for number in range(BATCH_ENTRIES):  # the root's listing fills a batch: sent before Ekonomi is entered
        (root / f"fil {number:04}.txt").write_bytes(b"")
    out = _SwapOnFirstWrite(root / "Ekonomi")

    walk(os.fsencode(root), out, find_plain=False)

    out.seek(0)
    listings = {}
    while (batch := marshal.load(out)) is not None:  # noqa: S302 - the walker's own output
        listings.update({folder: body for folder, body, _plain in batch})
    assert (root / "Ekonomi").is_symlink()
    assert listings[b"Ekonomi"] is None  # could not be listed: the scan reports it unreadable
    assert not any(b"passwd" in (body or b"") for body in listings.values())
