"""The append-only audit of every action taken on a customer's Dropbox: recorded by connect,
disconnect and a bulk migration against the sandbox; never changed; shown and exported to staff."""

import pytest
from django.urls import reverse

from dropbox_integration.models import AppendOnlyError, DropboxAction
from dropbox_integration.services import dropbox_action_record, dropbox_disconnect
from migration.services.bulk import migration_start_bulk
from migration.services.runner import job_run_here
from tests.migration.bulk_helpers import TARGET_ROOT, scanned
from tests.migration.tree import make_plain_tree

pytestmark = pytest.mark.usefixtures("english")


def _actions(engagement):
    return list(
        DropboxAction.objects.filter(engagement=engagement)
        .order_by("pk")
        .values_list("action", "result", "user_name", "target")
    )


def test_connect_and_disconnect_are_recorded(connected_engagement, admin_user):
    team = connected_engagement.customer.name
    assert _actions(connected_engagement) == [("connected", "ok", "coordinator", team)]
    dropbox_disconnect(engagement=connected_engagement, user=admin_user)
    assert _actions(connected_engagement)[-1] == ("disconnected", "ok", "admin", team)


def test_a_bulk_migration_records_its_start_folders_and_end(connected_engagement, consultant, tmp_path):
    root = tmp_path / "share"
    make_plain_tree(root, files=3, per_folder=3)
    (root / "tom mapp").mkdir()
    scanned(connected_engagement, root)
    job = migration_start_bulk(engagement=connected_engagement, user=consultant, enqueue=False)
    job_run_here(job_id=job.pk)
    recorded = _actions(connected_engagement)
    assert recorded[1:] == [
        ("bulk_started", "ok", "consultant", TARGET_ROOT),
        ("folders_created", "ok", "", ""),
        ("bulk_finished", "ok", "", TARGET_ROOT),
    ]
    finished = DropboxAction.objects.get(engagement=connected_engagement, action="bulk_finished")
    assert finished.detail["job"] == job.pk and finished.detail["files_done"] == 3


def test_a_row_cannot_be_changed_or_deleted(engagement):
    row = dropbox_action_record(engagement=engagement, user=None, action="bulk_started", target="/F")
    row.result = DropboxAction.Result.FAILED
    with pytest.raises(AppendOnlyError):
        row.save()
    with pytest.raises(AppendOnlyError):
        row.delete()
    with pytest.raises(AppendOnlyError):
        DropboxAction.objects.filter(pk=row.pk).update(result="failed")
    with pytest.raises(AppendOnlyError):
        DropboxAction.objects.filter(pk=row.pk).delete()
    assert DropboxAction.objects.get(pk=row.pk).result == "ok"


def test_the_admin_only_looks(client_for, admin_user, engagement):
    row = dropbox_action_record(engagement=engagement, user=None, action="connected", target="Team")
    client = client_for(admin_user)
    assert (
        client.get(reverse("admin:dropbox_integration_dropboxaction_change", args=[row.pk])).status_code
        == 200
    )
    assert (
        client.post(reverse("admin:dropbox_integration_dropboxaction_delete", args=[row.pk])).status_code
        == 403
    )
    assert client.get(reverse("admin:dropbox_integration_dropboxaction_add")).status_code == 403
    assert DropboxAction.objects.filter(pk=row.pk).exists()


def test_staff_see_and_export_it_with_formula_cells_neutralised(client_for, sales, engagement):
    dropbox_action_record(
        engagement=engagement,
        user=sales,
        action="bulk_finished",
        target="/Filserver",
        result=DropboxAction.Result.FAILED,
        reason='=HYPERLINK("http://x","y")',
    )
    client = client_for(sales)
    page = client.get(reverse("dropbox_integration:actions", args=[engagement.pk]))
    assert page.status_code == 200
    assert "Bulk migration finished" in page.content.decode()
    response = client.get(reverse("dropbox_integration:actions_csv", args=[engagement.pk]))
    assert response.status_code == 200
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "When,Engagement,Who,Action,Target,Result,Reason,Detail"
    assert len(lines) == 2
    assert (
        f'{engagement.reference},sales,bulk_finished,/Filserver,Failed,"\'=HYPERLINK(""http://x"",""y"")"'
        in lines[1]
    )


def test_who_may_see_it(client_for, other_consultant, customer_contact, other_customer_contact, engagement):
    for name in ("actions", "actions_csv"):
        url = reverse(f"dropbox_integration:{name}", args=[engagement.pk])
        assert client_for(other_customer_contact).get(url).status_code == 403
        assert client_for(customer_contact).get(url).status_code == 403
        assert client_for(other_consultant).get(url).status_code == 404
