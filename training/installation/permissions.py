"""Who may do what with installations, beyond opening the engagement."""

from engagements import roles


def may_edit(user) -> bool:
    """Consultants and coordinators plan installations; sales read the plan."""
    return user.is_authenticated and (
        user.is_superuser or roles.has_role(user, roles.COORDINATOR, roles.CONSULTANT)
    )
