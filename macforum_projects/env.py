"""Strict readers for environment variables.

Every setting that differs between the embedded run and production is read through
one of these helpers, so a typo in an environment variable stops the process with a
sentence instead of silently falling back to a default.
"""

import json
import os

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no, not {raw!r}.")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envfloat(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number (like 0.5), not {raw!r}.") from exc


def envdict(name: str, default: dict[str, str]) -> dict[str, str]:
    """`default` with the keys a JSON object in the variable overrides; unknown keys and values
    that are not strings stop start-up, so a misspelt key is not silently ignored."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return dict(default)
    try:
        given = json.loads(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw!r}.") from exc
    if not isinstance(given, dict):
        raise ImproperlyConfigured(f"{name} must be a JSON object, not {raw!r}.")
    unknown = sorted(set(given) - set(default))
    if unknown:
        raise ImproperlyConfigured(f"{name} has unknown keys {unknown}; known: {sorted(default)}.")
    if not all(isinstance(value, str) for value in given.values()):
        raise ImproperlyConfigured(f"{name}: every value must be a string.")
    return {**default, **given}
