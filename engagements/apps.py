from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class EngagementsConfig(AppConfig):
    name = "engagements"
    verbose_name = _("Engagements")

    def ready(self) -> None:
        from engagements.role_setup import sync_role_groups

        # Groups need the permissions, which Django creates in post_migrate; so do we.
        post_migrate.connect(sync_role_groups, dispatch_uid="engagements.sync_role_groups")
