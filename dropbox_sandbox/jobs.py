"""Async jobs: the sandbox finishes the work at once and keeps the result for `*_check` routes."""

import json

from dropbox.stone_serializers import json_compat_obj_decode, json_compat_obj_encode

from .store import random_id


def save(store, *, kind: str, validator, result) -> str:
    """Store `result` (encoded with the check route's result type); return the async_job_id."""
    job_id = "dbjid:" + random_id(40)
    store.db.execute(
        "INSERT INTO jobs (id, kind, result) VALUES (?, ?, ?)",
        (job_id, kind, json.dumps(json_compat_obj_encode(validator, result))),
    )
    return job_id


def load(store, *, job_id: str, kind: str, validator):
    row = store.db.execute("SELECT result FROM jobs WHERE id = ? AND kind = ?", (job_id, kind)).fetchone()
    if row is None:
        return None
    return json_compat_obj_decode(validator, json.loads(row[0]))
