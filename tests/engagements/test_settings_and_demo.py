import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env_overrides):
    env = {**os.environ, **env_overrides}
    # The browser tests allow sync ORM calls under Playwright's loop; production never does.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_with_production_environment_reports_no_issues(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env_overrides={
            "DEBUG": "false",
            "SECRET_KEY": "x" * 20 + "production-like-secret-key-with-entropy-0123456789",
            "ALLOWED_HOSTS": "projekt.macforum.se",
            "MACFORUM_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_malformed_environment_variable_stops_start_up_with_a_sentence(tmp_path):
    result = _manage("check", env_overrides={"DEBUG": "maybe", "MACFORUM_VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _manage(
        "check", env_overrides={"DEBUG": "false", "SECRET_KEY": "", "MACFORUM_VAR_DIR": str(tmp_path)}
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_demo_loader_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("load_demo")


@pytest.mark.django_db
def test_demo_loader_gives_every_role_a_login_and_a_dozen_engagements(client, settings):
    from engagements.models import Engagement
    from engagements.phases import Phase

    settings.DEBUG = True  # pytest-django runs tests with DEBUG off; the loader needs it on
    call_command("load_demo")
    call_command("load_demo")  # a second run changes nothing

    assert Engagement.objects.count() == 12
    assert {phase.value for phase in Phase} <= set(Engagement.objects.values_list("phase", flat=True))
    for login in ("sales", "coordinator", "consultant", "admin", "kund@example.se"):
        # Through the sign-in page: django-axes needs the request, and the demo needs no second factor.
        signed_in = client.post("/login/", {"username": login, "password": "demo"})
        assert signed_in.status_code == 302, login
        landing = client.get(signed_in["Location"], follow=True)
        assert landing.status_code == 200, login
        assert not landing.request["PATH_INFO"].startswith("/account/two-factor/"), login
        client.logout()


@pytest.mark.django_db
def test_demo_engagements_in_migration_have_a_scanned_share_with_its_exceptions(
    settings, tmp_path, django_capture_on_commit_callbacks
):
    from engagements.models import Engagement
    from engagements.phases import Phase
    from migration.models import ScanException, ScanRun

    settings.DEBUG = True
    settings.VAR_DIR = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo")

    migrating = Engagement.objects.filter(phase=Phase.MIGRATING).first()
    scan = ScanRun.objects.get(engagement=migrating)
    assert scan.status == ScanRun.Status.DONE
    assert scan.files > 30
    assert (tmp_path / "demo-shares" / migrating.reference / "Ekonomi" / "Budget 2026.xlsx").is_file()
    codes = set(ScanException.objects.filter(scan=scan).values_list("code", flat=True))
    assert {
        "ignored_name",
        "office_lock_file",
        "case_collision",
        "invalid_character",
        "trailing_dot_or_space",
    } <= codes, codes
