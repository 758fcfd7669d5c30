"""The migration page, scan start, exceptions report and CSV: who gets what, what they see."""

import csv
import io

import pytest
from django.urls import reverse

from migration.models import MigrationSource, ScanRun
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set
from migration.tasks import scan_run_task
from tests.migration.tree import make_nasty_tree


@pytest.fixture
def scanned(tmp_path, engagement, coordinator):
    root = tmp_path / "share"
    make_nasty_tree(root)
    migration_source_set(
        engagement=engagement, source_path=str(root), target_root="/Filserver", user=coordinator
    )
    return scan_execute(scan=scan_start(engagement=engagement, user=coordinator))


@pytest.mark.parametrize("role", ["coordinator", "consultant", "sales", "admin_user"])
def test_staff_of_the_engagement_see_the_migration_page(request, role, scanned, engagement, client_for):
    response = client_for(request.getfixturevalue(role)).get(reverse("migration:page", args=[engagement.pk]))
    assert response.status_code == 200
    assert "Docs" in response.content.decode()


def test_customer_contacts_get_403_and_other_staff_404(
    engagement, customer_contact, other_consultant, client_for
):
    url = reverse("migration:page", args=[engagement.pk])
    assert client_for(customer_contact).get(url).status_code == 403
    assert client_for(other_consultant).get(url).status_code == 404


def test_the_seller_sees_but_may_not_start_a_scan(scanned, engagement, sales, client_for):
    response = client_for(sales).post(
        reverse("migration:scan_start", args=[engagement.pk]), {"kind": "discovery"}
    )
    assert response.status_code == 403
    assert ScanRun.objects.filter(engagement=engagement).count() == 1


def test_a_consultant_sets_the_source_and_starts_a_scan(
    tmp_path, engagement, consultant, client_for, django_capture_on_commit_callbacks
):
    client = client_for(consultant)
    (tmp_path / "share" / "A").mkdir(parents=True)
    (tmp_path / "share" / "A" / "x.txt").write_bytes(b"x")
    response = client.post(
        reverse("migration:source_update", args=[engagement.pk]),
        {"source_path": str(tmp_path / "share"), "target_root": "/Kund"},
    )
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("migration:scan_start", args=[engagement.pk]), {"kind": "discovery"})
    assert response.status_code == 302
    assert len(callbacks) == 1  # the scan task is queued after commit
    scan = ScanRun.objects.get(engagement=engagement)
    assert scan.status == ScanRun.Status.RUNNING
    poll = client.get(reverse("migration:page", args=[engagement.pk]), headers={"HX-Request": "true"})
    assert poll.status_code == 200 and "every 2s" in poll.content.decode()

    scan_run_task.apply(args=[scan.pk])  # what the worker does with the queued task

    done = client.get(reverse("migration:page", args=[engagement.pk]), headers={"HX-Request": "true"})
    assert done.status_code == 286  # htmx stops polling
    assert "every 2s" not in done.content.decode()
    scan.refresh_from_db()
    assert scan.status == ScanRun.Status.DONE and scan.files == 1


def test_a_relative_source_path_is_a_form_error_not_a_500(english, engagement, coordinator, client_for):
    response = client_for(coordinator).post(
        reverse("migration:source_update", args=[engagement.pk]),
        {"source_path": "share", "target_root": "/X"},
    )
    assert response.status_code == 400
    assert "absolute" in response.content.decode()
    assert not MigrationSource.objects.exists()


def test_the_exceptions_report_lists_renames_with_their_new_names(
    scanned, engagement, coordinator, client_for, django_assert_max_num_queries
):
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("migration:exceptions", args=[engagement.pk]))
    html = response.content.decode()
    assert "/Filserver/Docs/report (2).docx" in html
    assert "Docs/~$report.docx" in html
    filtered = client.get(reverse("migration:exceptions", args=[engagement.pk]), {"code": "symlink"})
    assert "Links/loop" in filtered.content.decode() and "report (2)" not in filtered.content.decode()


def test_the_exceptions_csv_has_a_row_per_exception(scanned, engagement, consultant, client_for):
    response = client_for(consultant).get(reverse("migration:exceptions_csv", args=[engagement.pk]))
    assert response["Content-Type"].startswith("text/csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == 1 + scanned.exceptions
    assert [row[1:3] for row in rows if row[2] == "Docs/Icon\r"] == [["ignored_name", "Docs/Icon\r"]]
    assert any(row[2] == "Docs/bad\\xff\\xfename.txt" for row in rows)


def test_the_engagement_page_shows_the_scan_summary(english, scanned, engagement, coordinator, client_for):
    html = client_for(coordinator).get(engagement.get_absolute_url()).content.decode()
    assert reverse("migration:page", args=[engagement.pk]) in html
    assert "Estimated migration time" in html


def test_the_exception_pages_are_closed_to_customers(scanned, engagement, customer_contact, client_for):
    client = client_for(customer_contact)
    assert client.get(reverse("migration:exceptions", args=[engagement.pk])).status_code == 403
    assert client.get(reverse("migration:exceptions_csv", args=[engagement.pk])).status_code == 403


def test_a_delta_scan_from_the_page_shows_what_changed(
    english, scanned, tmp_path, engagement, coordinator, client_for, django_capture_on_commit_callbacks
):
    (tmp_path / "share" / "Docs" / "new.txt").write_bytes(b"new")
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=False):
        client.post(reverse("migration:scan_start", args=[engagement.pk]), {"kind": "delta"})
    scan = ScanRun.objects.get(engagement=engagement, kind="delta")
    scan_run_task.apply(args=[scan.pk])
    html = client.get(reverse("migration:page", args=[engagement.pk])).content.decode()
    assert "Changes since the manifest" in html
    scan.refresh_from_db()
    assert scan.plan["counts"]["uploads"] >= 1
