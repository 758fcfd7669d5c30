"""Verbs of discovery and quotes. Views, admin, commands, tasks and other apps call these.

Split by subject (discovery, quote building, sending and answers); everything is importable
from `engagements.quotes.services`.
"""

from engagements.quotes.services.answer import (  # noqa: F401
    QuoteAnswerError,
    QuoteSendError,
    quote_accept,
    quote_decline,
    quote_send,
    quotes_expire_overdue,
)
from engagements.quotes.services.catalogue import (  # noqa: F401
    catalogue_item_delete,
    catalogue_item_save,
)
from engagements.quotes.services.discovery import (  # noqa: F401
    customer_user_add,
    customer_user_remove,
    customer_user_update,
    customer_users_import,
    discovery_record_update,
    discovery_scan_summary_record,
    file_server_add,
    file_server_remove,
    file_server_update,
)
from engagements.quotes.services.offline_acceptance import (  # noqa: F401
    quote_accept_recorded,
    signed_copy_read,
)
from engagements.quotes.services.quote import (  # noqa: F401
    estimated_migration_seconds_for,
    quote_details_update,
    quote_draft_start,
    quote_duration_adjust,
    quote_line_add,
    quote_line_remove,
    quote_line_update,
    quote_revise,
)
