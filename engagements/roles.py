"""Roles are Django groups. These names are the contract between code, demo data and admin."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

SALES = "sales"
COORDINATOR = "coordinator"
CONSULTANT = "consultant"
CUSTOMER = "customer"
STAFF_ROLES = (SALES, COORDINATOR, CONSULTANT)


def role_names(user: AbstractBaseUser | AnonymousUser) -> set[str]:
    """The user's role names, cached on the user object for the request."""
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_macforum_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._macforum_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(role_names(user) & set(roles))


def is_internal(user) -> bool:
    """Consultancy staff: any staff role, or a superuser."""
    return user.is_authenticated and (user.is_superuser or has_role(user, *STAFF_ROLES))


def sees_all_engagements(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, COORDINATOR))


def may_change_phase(user) -> bool:
    return user.is_authenticated and (user.is_superuser or has_role(user, SALES, COORDINATOR))


def may_open_engagements(user) -> bool:
    """Sales and coordinators create engagements and invite the customer's contacts."""
    return user.is_authenticated and (user.is_superuser or has_role(user, SALES, COORDINATOR))
