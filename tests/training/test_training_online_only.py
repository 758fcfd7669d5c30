"""The online-only advice from the scan's modification times, on the status page and adjustable."""

import os
import time

import pytest

from engagements.phases import Phase
from tests.migration.bulk_helpers import scanned
from tests.training.training_fixtures import in_phase
from training.selectors import online_only_advice
from training.services import online_only_set

pytestmark = pytest.mark.usefixtures("english")

TWO_YEARS_AGO = time.time() - 2 * 365 * 86400


def write(path, size, *, old):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"x" * size)
    if old:
        os.utime(path, (TWO_YEARS_AGO, TWO_YEARS_AGO))


@pytest.fixture
def share(tmp_path, engagement):
    root = tmp_path / "share"
    write(root / "Arkiv" / "2019" / "bokslut.pdf", 9000, old=True)
    write(root / "Arkiv" / "plan.txt", 1000, old=False)
    write(root / "Projekt" / "ritning.dwg", 4000, old=False)
    write(root / "Projekt" / "gammal.dwg", 1000, old=True)
    scanned(engagement, root, to_phase=None)
    return root


def test_folders_mostly_untouched_for_a_year_are_advised_online_only(share, engagement, consultant):
    advice = {folder.name: folder for folder in online_only_advice(engagement=engagement)}
    assert (advice["Arkiv"].bytes, advice["Arkiv"].untouched_bytes, advice["Arkiv"].percent_untouched) == (
        10000,
        9000,
        90,
    )
    assert advice["Arkiv"].online_only is True
    assert (advice["Projekt"].percent_untouched, advice["Projekt"].online_only) == (20, False)

    online_only_set(engagement=engagement, user=consultant, folder="Projekt", online_only=True)
    online_only_set(engagement=engagement, user=consultant, folder="Arkiv", online_only=False)
    advice = {folder.name: folder for folder in online_only_advice(engagement=engagement)}
    assert (advice["Projekt"].online_only, advice["Projekt"].adjusted) == (True, True)
    assert (advice["Arkiv"].online_only, advice["Arkiv"].adjusted) == (False, True)


def test_the_status_page_lists_the_advised_folders_with_their_size(
    share, engagement, customer_contact, client_for
):
    in_phase(engagement, Phase.ROLLOUT)
    page = client_for(customer_contact).get(f"/engagements/status/{engagement.reference}/")
    text = page.content.decode()
    assert "Folders we suggest keeping online-only" in text
    assert "<li>Arkiv (9.8\xa0KB)</li>" in text
    assert "Projekt (" not in text


def test_the_consultant_changes_the_list_on_the_training_page(share, engagement, consultant, client_for):
    client = client_for(consultant)
    response = client.post(
        f"/training/{engagement.pk}/online-only/", {"folder": "Projekt", "online_only": "1"}
    )
    assert response.status_code == 302
    assert {f.name for f in online_only_advice(engagement=engagement) if f.online_only} == {
        "Arkiv",
        "Projekt",
    }
    refused = client.post(f"/training/{engagement.pk}/online-only/", {"folder": "../etc", "online_only": "1"})
    assert refused.status_code == 302
    assert {f.name for f in online_only_advice(engagement=engagement) if f.online_only} == {
        "Arkiv",
        "Projekt",
    }
