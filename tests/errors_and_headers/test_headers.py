"""Content-Security-Policy, Permissions-Policy and HSTS (issue 10 §5)."""

import ast
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def _policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_script(consultant, client_for):
    response = client_for(consultant).get(reverse("planning:calendar"))

    assert response.status_code == 200
    policy = _policy(response["Content-Security-Policy"])
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["object-src"] == "'none'"
    assert policy["base-uri"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    # The Dropbox connect button's redirect to Dropbox's authorize page (here the tests' sandbox)
    # is the form's navigation; see test_production_forms_may_go_on_to_dropbox_only.
    assert policy["form-action"].split()[0] == "'self'"
    assert len(policy["form-action"].split()) == 2
    assert "unsafe" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_error_pages_carry_the_policy_too(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert _policy(response["Content-Security-Policy"])["script-src"] == "'self'"


def test_permissions_policy_denies_the_devices_and_payment(client):
    response = client.get(reverse("login"))

    features = {part.strip() for part in response["Permissions-Policy"].split(",")}
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "serial", "bluetooth"):
        assert f"{feature}=()" in features


def _production_environment(**env: str) -> dict[str, str]:
    """The environment of a fresh production process: DEBUG off, no HSTS or silencing set.

    DJANGO_ALLOW_ASYNC_UNSAFE is the browser tests' (tests/browser.py), set in this process.
    """
    unset = (
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_PRELOAD",
        "SILENCED_SYSTEM_CHECKS",
        "DJANGO_ALLOW_ASYNC_UNSAFE",
    )
    return {
        **{name: value for name, value in os.environ.items() if name not in unset},
        "DJANGO_SETTINGS_MODULE": "macforum_projects.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "projekt.example.se",
        **env,
    }


def _production_settings(*names: str, **env: str) -> subprocess.CompletedProcess:
    """Print the named settings as a fresh production process reads them."""
    code = (
        "from django.conf import settings; "
        f"print(*(repr(getattr(settings, name)) for name in {names!r}), sep='|')"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def _hsts_settings(**env: str) -> subprocess.CompletedProcess:
    return _production_settings("SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", **env)


def test_production_forms_may_go_on_to_dropbox_only():
    result = _production_settings("CONTENT_SECURITY_POLICY", DROPBOX_SANDBOX_URL="")

    directives = ast.literal_eval(result.stdout)["DIRECTIVES"]
    assert directives["form-action"] == ["'self'", "https://www.dropbox.com"]


def test_hsts_defaults_to_a_year_with_preload():
    result = _hsts_settings()

    assert result.stdout.strip() == "31536000|True"


def test_hsts_preload_is_dropped_with_a_shorter_max_age():
    result = _hsts_settings(SECURE_HSTS_SECONDS="86400")

    assert result.stdout.strip() == "86400|False"


def test_hsts_preload_asked_for_with_a_shorter_max_age_is_refused():
    result = _hsts_settings(SECURE_HSTS_SECONDS="86400", SECURE_HSTS_PRELOAD="true")

    assert result.returncode != 0
    assert (
        "SECURE_HSTS_PRELOAD needs SECURE_HSTS_SECONDS of at least 31536000 (one year), not 86400"
        in result.stderr
    )


def test_deploy_check_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
