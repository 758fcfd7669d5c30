from engagements import roles as role_rules


def roles(request):
    """Tell templates whether the user is consultancy staff, for the navigation."""
    user = getattr(request, "user", None)
    return {"is_internal": user is not None and role_rules.is_internal(user)}
