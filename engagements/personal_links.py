"""Personal links that need no login: a record's id and a nonce, signed and dated.

A link is the record's id and the nonce it holds, signed with a salt of the app's own, so the
signature says when it was made and a link made for one purpose opens nothing else. The record
keeps the nonce: changing or emptying it ends every link made with the old one (a link used
once, a link replaced by a newer mail). The installation's "installed" link and the survey link
are two of them.
"""

from datetime import timedelta

from django.core import signing
from django.utils.crypto import constant_time_compare


class LinkExpired(Exception):
    """Signed by us, but longer ago than the link may live."""


class LinkInvalid(Exception):
    """Not signed by us for this purpose (edited, truncated, or made for another link)."""


def personal_link_token(*, salt: str, pk: int, nonce: str) -> str:
    return signing.TimestampSigner(salt=salt).sign(f"{pk}.{nonce}")


def personal_link_open(*, salt: str, token: str, max_age: timedelta) -> tuple[int, str]:
    """The (id, nonce) a link carries; LinkExpired or LinkInvalid when it cannot be used."""
    try:
        value = signing.TimestampSigner(salt=salt).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature as error:
        raise LinkInvalid from error
    pk, _dot, nonce = value.partition(".")
    return (int(pk) if pk.isdigit() else 0), nonce


def nonce_matches(stored: str, given: str) -> bool:
    """Whether the link's nonce is the record's current one (an empty one matches nothing)."""
    return bool(stored) and constant_time_compare(stored, given)
