"""Who may sign in how: backends, and the account key django-axes counts failures under."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from sesame.backends import ModelBackend as SesameModelBackend

from engagements import roles


def username_for_email(email: str) -> str | None:
    """The username of the one account with this e-mail address; None for none or several."""
    user_model = get_user_model()
    matches = list(
        user_model._default_manager.filter(email__iexact=email.strip()).values_list(
            user_model.USERNAME_FIELD, flat=True
        )[:2]
    )
    return matches[0] if len(matches) == 1 else None


def account_key_for_login(login: str) -> str:
    """The key sign-in failures are counted under for what was typed in the username field.

    Staff sign in with their username, customer contacts with their e-mail address. An
    address that belongs to exactly one account counts as that account's username, so
    "kund@example.se", "KUND@example.se" and the account's username are one account to
    the lockout as they are to the sign-in. An unknown address is lower-cased, so its
    spellings are one key too.
    """
    login = login.strip()
    if "@" not in login:
        return login
    return username_for_email(login) or login.lower()


def is_customer_contact_only(user) -> bool:
    """A customer contact and nothing more: no staff role, no admin access, not a superuser.

    Only such accounts may sign in by a one-time link, and only they are spared the staff
    second factor.
    """
    return (
        user.is_authenticated
        and not user.is_superuser
        and not user.is_staff
        and roles.role_names(user) == {roles.CUSTOMER}
    )


class EmailOrUsernameBackend(ModelBackend):
    """Staff sign in with their username, customer contacts with their e-mail address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username and "@" in username:
            username = username_for_email(username) or username
        return super().authenticate(request, username=username, password=password, **kwargs)


class CustomerSignInLinkBackend(SesameModelBackend):
    """django-sesame's backend, refusing every account that is not purely a customer contact.

    The link request already sends nothing to staff; this makes a link minted for a
    member of staff some other way (a shell, an old e-mail) worthless too, and ends a
    session that such a link once opened.
    """

    def user_can_authenticate(self, user) -> bool:
        return super().user_can_authenticate(user) and is_customer_contact_only(user)


def axes_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """AXES_USERNAME_CALLABLE: count failures per account, however the account was typed."""
    if credentials is not None:
        login = credentials.get("username")
    else:
        login = request.POST.get("username")
    if not login or not isinstance(login, str):
        return None
    cache = request.__dict__.setdefault("_signin_account_names", {})
    if login not in cache:
        cache[login] = account_key_for_login(login)[:255]
    return cache[login]


def axes_lockout_parameters(request_or_attempt, credentials: dict | None = None) -> list[str]:
    """AXES_LOCKOUT_PARAMETERS: per account and, separately, per address.

    An attempt without an account (a sign-in link opened) is counted per address only;
    counting it under an empty account would lock every link user out together.
    """
    if isinstance(request_or_attempt, HttpRequest):
        username = axes_username(request_or_attempt, credentials)
    else:
        username = getattr(request_or_attempt, "username", None)
    return ["username", "ip_address"] if username else ["ip_address"]


def axes_cool_off(request: HttpRequest | None = None) -> timedelta:
    """AXES_COOLOFF_TIME: how long a locked account or address waits, from SIGNIN_LOCKOUT_MINUTES."""
    return timedelta(minutes=settings.SIGNIN_LOCKOUT_MINUTES)
