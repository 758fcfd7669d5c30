"""Sign-in settings come from the environment: the second factor is required wherever DEBUG is off."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRINT = (
    "import json; from macforum_projects import settings as s; "
    "print(json.dumps([s.STAFF_TWO_FACTOR_REQUIRED, s.AXES_FAILURE_LIMIT, s.SIGNIN_LOCKOUT_MINUTES]))"
)


def _settings_with(**environment):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "STAFF_TWO_FACTOR_REQUIRED"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", PRINT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_requires_the_second_factor_by_default():
    result = _settings_with(DEBUG="false", SECRET_KEY="x" * 50)

    assert json.loads(result.stdout) == [True, 10, 15]


def test_the_embedded_run_leaves_it_optional():
    result = _settings_with()

    assert json.loads(result.stdout)[0] is False


def test_limits_can_be_set_and_the_requirement_switched_off_explicitly():
    result = _settings_with(
        DEBUG="false",
        SECRET_KEY="x" * 50,
        STAFF_TWO_FACTOR_REQUIRED="no",
        SIGNIN_FAILURE_LIMIT="5",
        SIGNIN_LOCKOUT_MINUTES="60",
    )

    assert json.loads(result.stdout) == [False, 5, 60]


@pytest.mark.parametrize(
    ("name", "value", "sentence"),
    [
        ("SIGNIN_FAILURE_LIMIT", "0", "must be at least 1"),
        ("SIGNIN_LOCKOUT_MINUTES", "soon", "must be a whole number"),
        ("STAFF_TWO_FACTOR_REQUIRED", "maybe", "must be one of true/false"),
    ],
)
def test_a_bad_value_stops_the_process_with_a_sentence(name, value, sentence):
    result = _settings_with(**{name: value})

    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert sentence in result.stderr
