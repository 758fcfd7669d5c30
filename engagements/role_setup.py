"""The role groups and the model permissions each one holds.

Access to pages is decided by `engagements.access` from the role; these permissions
decide what each role may do in the Django admin, and later apps add their own models
to ROLE_PERMISSIONS by app label, so a new app's admin is usable without a migration.
"""

from django.contrib.auth.models import Group, Permission

from engagements import roles

# role -> {app_label: actions}
ROLE_PERMISSIONS: dict[str, dict[str, tuple[str, ...]]] = {
    roles.SALES: {"engagements": ("view", "add", "change")},
    roles.COORDINATOR: {
        "engagements": ("view", "add", "change"),
        "migration": ("view", "add", "change"),
        "licensing": ("view", "add", "change"),
        "training": ("view", "add", "change"),
        "decommission": ("view", "add", "change"),
    },
    roles.CONSULTANT: {
        "engagements": ("view",),
        "migration": ("view", "add", "change"),
        "licensing": ("view", "add", "change"),
        "training": ("view", "add", "change"),
        "decommission": ("view", "add", "change"),
    },
    roles.CUSTOMER: {},
}


def sync_role_groups(**kwargs) -> None:
    for role, grants in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for app_label, actions in grants.items():
            for permission in Permission.objects.filter(content_type__app_label=app_label):
                if permission.codename.split("_", 1)[0] in actions:
                    wanted.append(permission)
        group.permissions.set(wanted)
