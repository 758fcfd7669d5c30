"""Who may do what in planning, beyond being allowed to open the engagement at all."""

from engagements import roles


def may_plan(user) -> bool:
    """The coordinator plans sprints, assigns consultants and reviews reports; others read."""
    return user.is_authenticated and (user.is_superuser or roles.has_role(user, roles.COORDINATOR))


def may_mark_done(user, sprint) -> bool:
    return may_plan(user) or sprint.consultant_id == user.pk


def may_talk_to_customer(user, engagement) -> bool:
    """Status updates and follow-ups: the engagement's seller and the coordinators."""
    return may_plan(user) or engagement.seller_id == user.pk
