"""“Copy the existing structure” from the scan, rename, merge, leave out, make personal; and the
migration's target moved into the planned team folders when the plan is applied."""

import pytest

from licensing.folders.jobs import migration_mapping_hand_over
from licensing.folders.models import PlannedFolder
from licensing.folders.services import (
    folder_plan_copy_structure,
    planned_folder_update,
    planned_folders_merge,
)
from migration.models import MigrationSource
from migration.services.scan import scan_execute, scan_start
from migration.services.source import migration_source_set
from tests.licensing.folders_helpers import people

pytestmark = pytest.mark.django_db


@pytest.fixture
def scanned(tmp_path, engagement, coordinator):
    root = tmp_path / "share"
    for folder, files in {"Ekonomi": 3, "Bokslut": 2, "Projekt": 4, "Hem": 1}.items():
        (root / folder).mkdir(parents=True)
        for i in range(files):
            (root / folder / f"fil{i}.txt").write_bytes(b"x" * 100)
    migration_source_set(
        engagement=engagement, source_path=str(root), target_root="/Filserver", user=coordinator
    )
    scan_execute(scan=scan_start(engagement=engagement, user=coordinator))
    return engagement


def test_copy_then_shape_the_structure(scanned, consultant, english):
    plan = folder_plan_copy_structure(engagement=scanned, user=consultant)
    folders = {f.name: f for f in plan.folders.all()}
    assert {name: (f.files, f.bytes) for name, f in folders.items()} == {
        "Bokslut": (2, 200),
        "Ekonomi": (3, 300),
        "Hem": (1, 100),
        "Projekt": (4, 400),
    }

    merged = planned_folders_merge(
        plan=plan, folder_ids=[folders["Ekonomi"].pk, folders["Bokslut"].pk], name="Ekonomi", user=consultant
    )
    assert (merged.source_names, merged.files) == (["Ekonomi", "Bokslut"], 5)
    anna = people(scanned, [("Anna Ek", "anna@kund.example.se", "")])["Anna"]
    planned_folder_update(
        plan=plan, folder_id=folders["Hem"].pk, name="Hem", included=True, owner=anna, user=consultant
    )
    planned_folder_update(
        plan=plan,
        folder_id=folders["Projekt"].pk,
        name="Projekt 2024",
        included=True,
        owner=None,
        user=consultant,
    )
    assert plan.folders.get(name="Hem").kind == PlannedFolder.Kind.PERSONAL

    folder_plan_copy_structure(engagement=scanned, user=consultant)  # copying again adds nothing back
    assert sorted(plan.folders.values_list("name", flat=True)) == ["Ekonomi", "Hem", "Projekt 2024"]

    migration_mapping_hand_over(plan=plan, user=consultant)
    assert MigrationSource.objects.get(engagement=scanned).folder_mapping == {
        "Ekonomi": "/Ekonomi/Ekonomi",
        "Bokslut": "/Ekonomi/Bokslut",
        "Projekt": "/Projekt 2024",
    }
