"""Phase 3: scan of the file share, bulk and delta migration into Dropbox, verification."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MigrationConfig(AppConfig):
    name = "migration"
    verbose_name = _("Migration")

    def ready(self) -> None:
        from engagements.phases import Phase, register_guard
        from migration.guards import rollout_needs_a_verified_bulk

        register_guard(to_phase=Phase.ROLLOUT, guard=rollout_needs_a_verified_bulk)
