"""Personal folders in a member's home (the admin writes with Path-Root = the home namespace), team
folders seen from each member's side (as_user), and team_folder/get_info and list/continue."""

import dropbox
import pytest
from dropbox import common, sharing, team


@pytest.fixture
def world(dropbox_sandbox, sandbox_team):
    """Anna and Bo (invited, not yet accepted) and two team folders; Anna is an editor of Ekonomi."""
    client = dropbox_sandbox.team_client(sandbox_team)
    launch = client.team_members_add_v2(
        [
            team.MemberAddV2Arg(
                member_email="anna@kund.example", member_given_name="Anna", member_surname="Berg"
            ),
            team.MemberAddV2Arg(member_email="bo@kund.example", member_given_name="Bo", member_surname="Ek"),
        ]
    )
    results = client.team_members_add_job_status_get_v2(launch.get_async_job_id()).get_complete()
    profiles = [r.get_success().profile for r in results]
    ekonomi = client.team_team_folder_create("Ekonomi").team_folder_id
    client.team_team_folder_create("Ledning")
    admin = dropbox_sandbox.admin_client(sandbox_team)
    admin.sharing_add_folder_member(
        ekonomi,
        [sharing.AddMember(sharing.MemberSelector.email("anna@kund.example"), sharing.AccessLevel.editor)],
    )
    admin.files_upload(b"plan", "/Ledning/plan.txt")
    root = common.PathRoot.root(sandbox_team["root_namespace_id"])
    return {
        "client": client,
        "admin_id": sandbox_team["admin_member_id"],
        "profiles": profiles,
        "anna": client.as_user(profiles[0].team_member_id),
        "anna_team_space": client.as_user(profiles[0].team_member_id).with_path_root(root),
        "bo": client.as_user(profiles[1].team_member_id),
    }


def test_admin_writes_a_personal_folder_into_a_members_home(world):
    anna_profile = world["profiles"][0]
    as_admin_in_annas_home = (
        world["client"]
        .as_admin(world["admin_id"])
        .with_path_root(common.PathRoot.namespace_id(anna_profile.member_folder_id))
    )
    as_admin_in_annas_home.files_upload(b"mitt", "/Hem/anteckningar.txt")

    # Anna sees it in her own home, with no Path-Root (her home is her root).
    entries = world["anna"].files_list_folder("/Hem").entries
    assert [(e.name, e.size) for e in entries] == [("anteckningar.txt", 4)]
    # Bo, acting as himself, cannot name Anna's home namespace.
    with pytest.raises(dropbox.exceptions.PathRootError) as error:
        world["bo"].with_path_root(
            common.PathRoot.namespace_id(anna_profile.member_folder_id)
        ).files_list_folder("")
    assert error.value.error.is_no_permission()
    # And his own home does not hold Anna's folder.
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        world["bo"].files_list_folder("/Hem")
    assert error.value.error.get_path().is_not_found()


def test_each_member_sees_only_the_team_folders_granted(world):
    anna = world["anna_team_space"]
    assert [e.name for e in anna.files_list_folder("").entries] == ["Ekonomi"]
    assert anna.files_list_folder("/Ekonomi").entries == []
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        anna.files_list_folder("/Ledning")
    assert error.value.error.get_path().is_not_found()
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        anna.files_get_metadata("/Ledning/plan.txt")
    assert error.value.error.get_path().is_not_found()


def test_team_folder_get_info_and_list_continue(world):
    client = world["client"]
    listed = client.team_team_folder_list(limit=1)
    assert listed.has_more and [f.name for f in listed.team_folders] == ["Ekonomi"]
    rest = client.team_team_folder_list_continue(listed.cursor)
    assert not rest.has_more and [f.name for f in rest.team_folders] == ["Ledning"]

    items = client.team_team_folder_get_info([rest.team_folders[0].team_folder_id, "999"])
    assert items[0].get_team_folder_metadata().name == "Ledning"
    assert items[1].get_id_not_found() == "999"
    with pytest.raises(dropbox.exceptions.ApiError) as error:
        client.team_team_folder_list_continue("garbage")
    assert error.value.error.is_invalid_cursor()
