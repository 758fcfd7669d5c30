"""Every tunable comes from the environment, and reading settings.py has no side effects."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRINT_SETTINGS = """
import json, os
before = dict(os.environ)
from macforum_projects import settings
print(json.dumps({
    "bytes_per_second": settings.MIGRATION_BYTES_PER_SECOND,
    "retry_base": settings.DROPBOX_RETRY_BASE_SECONDS,
    "stale": settings.MIGRATION_BATCH_STALE_SECONDS,
    "max_connections": settings.DROPBOX_MAX_CONNECTIONS,
    "company": settings.QUOTE_COMPANY,
    "fallbacks": settings.SECRET_KEY_FALLBACKS,
    "environment_changed": sorted(
        k for k in set(before) | set(os.environ) if before.get(k) != os.environ.get(k)
    ),
}))
"""


def _python(code_or_args, env_overrides):
    env = {**os.environ, **env_overrides}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    args = ["-c", code_or_args] if isinstance(code_or_args, str) else code_or_args
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_reading_the_settings_makes_no_folder_and_changes_no_environment_variable(tmp_path):
    var_dir = tmp_path / "fresh-var"
    result = _python(
        PRINT_SETTINGS,
        {"MACFORUM_VAR_DIR": str(var_dir), "REDIS_URL": "", "DROPBOX_SANDBOX_URL": "https://127.0.0.1:9"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["environment_changed"] == []
    assert not var_dir.exists()


def test_django_start_up_makes_the_var_folders(tmp_path):
    var_dir = tmp_path / "fresh-var"
    result = _python(["manage.py", "check"], {"MACFORUM_VAR_DIR": str(var_dir)})
    assert result.returncode == 0, result.stderr
    assert (var_dir / "static").is_dir()


def test_tunables_are_read_from_the_environment(tmp_path):
    result = _python(
        PRINT_SETTINGS,
        {
            "MACFORUM_VAR_DIR": str(tmp_path),
            "MIGRATION_BYTES_PER_SECOND": "12500000",
            "DROPBOX_RETRY_BASE_SECONDS": "0.25",
            "MIGRATION_BATCH_STALE_SECONDS": "45",
            "DROPBOX_MAX_CONNECTIONS": "8",
            "QUOTE_COMPANY": '{"phone": "08-555 000 00"}',
            "SECRET_KEY_FALLBACKS": "old-key-1, old-key-2",
        },
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert (values["bytes_per_second"], values["retry_base"], values["stale"], values["max_connections"]) == (
        12_500_000,
        0.25,
        45,
        8,
    )
    assert values["company"]["phone"] == "08-555 000 00"
    assert values["company"]["name"] == "Macforum AB"  # the keys not given keep their defaults
    assert values["fallbacks"] == ["old-key-1", "old-key-2"]


def test_a_misspelt_letterhead_key_stops_start_up_with_a_sentence(tmp_path):
    result = _python(
        ["manage.py", "check"],
        {"MACFORUM_VAR_DIR": str(tmp_path), "QUOTE_COMPANY": '{"fone": "08-555 000 00"}'},
    )
    assert result.returncode != 0
    assert "QUOTE_COMPANY has unknown keys ['fone']" in result.stderr


def test_a_throughput_that_is_not_a_whole_number_stops_start_up(tmp_path):
    result = _python(
        ["manage.py", "check"], {"MACFORUM_VAR_DIR": str(tmp_path), "MIGRATION_BYTES_PER_SECOND": "25MB"}
    )
    assert result.returncode != 0
    assert "MIGRATION_BYTES_PER_SECOND must be a whole number, not '25MB'." in result.stderr
