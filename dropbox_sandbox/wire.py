"""Dropbox's wire format for results and errors, built from the SDK's Stone types."""

import json

from dropbox import auth as auth_types
from dropbox.stone_serializers import json_compat_obj_encode


def encode(validator, obj) -> str:
    """JSON text for `obj` as the Stone `validator` describes it (ASCII-safe for headers)."""
    return json.dumps(json_compat_obj_encode(validator, obj))


def error_summary(encoded_error) -> str:
    """Dropbox's error_summary: the chain of union tags, e.g. "path/conflict/file/...".

    Dropbox ends the summary with a variable run of dots so clients do not parse it; the
    tagged `error` object is the contract.
    """
    tags = []
    value = encoded_error
    while True:
        if isinstance(value, str):
            tags.append(value)
            break
        if not isinstance(value, dict):
            break
        tag = value.get(".tag")
        if tag is not None:
            tags.append(tag)
            nested = value.get(tag)
            if isinstance(nested, dict | str):
                value = nested
                continue
        # A struct field holding a union (e.g. UploadWriteFailed.reason) continues the chain.
        nested_unions = [v for k, v in value.items() if k != ".tag" and isinstance(v, dict) and ".tag" in v]
        if len(nested_unions) == 1:
            value = nested_unions[0]
            continue
        break
    return "/".join(tags) + "/..."


class SandboxHttpError(Exception):
    """Anything answered with a status other than 200: the handler raises, the server writes."""

    def __init__(
        self, status: int, body: str, *, content_type: str = "text/plain; charset=utf-8", headers=None
    ):
        super().__init__(f"{status}: {body[:200]}")
        self.status = status
        self.body = body
        self.content_type = content_type
        self.headers = headers or {}


def route_error(route, error_obj) -> SandboxHttpError:
    """A 409 carrying the route's own error type, as the SDK expects it."""
    encoded = json_compat_obj_encode(route.error_type, error_obj)
    body = json.dumps({"error_summary": error_summary(encoded), "error": encoded})
    return SandboxHttpError(409, body, content_type="application/json")


class RouteError(Exception):
    """Raised by handlers with an instance of the route's error type; answered as 409.

    By default the call's changes are rolled back; `commit=True` keeps them (Dropbox keeps
    data appended by a failed upload_session/finish, for one).
    """

    def __init__(self, error_obj, *, commit: bool = False):
        super().__init__(repr(error_obj))
        self.error_obj = error_obj
        self.commit = commit


def bad_request(message: str) -> SandboxHttpError:
    return SandboxHttpError(400, message)


def auth_error(tag: str) -> SandboxHttpError:
    """401 with an AuthError tag: invalid_access_token, expired_access_token, missing_scope..."""
    error = getattr(auth_types.AuthError, tag)
    encoded = json_compat_obj_encode(auth_types.AuthError_validator, error)
    body = json.dumps({"error_summary": error_summary(encoded), "error": encoded})
    return SandboxHttpError(401, body, content_type="application/json")


def rate_limited(*, write_contention: bool, retry_after: int) -> SandboxHttpError:
    """429 as Dropbox sends it: a RateLimitError body plus a Retry-After header."""
    reason = (
        auth_types.RateLimitReason.too_many_write_operations
        if write_contention
        else auth_types.RateLimitReason.too_many_requests
    )
    error = auth_types.RateLimitError(reason=reason, retry_after=retry_after)
    encoded = json_compat_obj_encode(auth_types.RateLimitError_validator, error)
    body = json.dumps({"error_summary": error_summary(encoded), "error": encoded})
    return SandboxHttpError(
        429, body, content_type="application/json", headers={"Retry-After": str(retry_after)}
    )


def path_root_error(error_obj) -> SandboxHttpError:
    """422: the Dropbox-API-Path-Root header names a namespace the caller cannot use."""
    from dropbox.common import PathRootError_validator

    encoded = json_compat_obj_encode(PathRootError_validator, error_obj)
    body = json.dumps({"error_summary": error_summary(encoded), "error": encoded})
    return SandboxHttpError(422, body, content_type="application/json")
