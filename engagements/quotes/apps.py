"""Phase 1: discovery (kartläggning), the fixed-price quote, its PDF and the customer's acceptance."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuotesConfig(AppConfig):
    name = "engagements.quotes"
    label = "quotes"
    verbose_name = _("Discovery and quotes")

    def ready(self) -> None:
        from engagements.phases import Phase, register_guard
        from engagements.quotes.guards import (
            migrating_needs_an_accepted_quote,
            planning_needs_an_accepted_quote,
            quoted_needs_a_sent_quote,
        )

        register_guard(to_phase=Phase.QUOTED, guard=quoted_needs_a_sent_quote)
        register_guard(to_phase=Phase.PLANNING, guard=planning_needs_an_accepted_quote)
        register_guard(to_phase=Phase.MIGRATING, guard=migrating_needs_an_accepted_quote)

        from engagements.quotes.notes import register_quote_notes

        register_quote_notes()
