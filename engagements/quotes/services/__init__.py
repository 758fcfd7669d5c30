"""Verbs of discovery and quotes. Views, admin, commands, tasks and other apps call these.

Split by subject (discovery, quote building, sending and answers); everything is importable
from `engagements.quotes.services`.
"""

from engagements.quotes.services.discovery import (  # noqa: F401
    customer_user_add,
    customer_user_remove,
    customer_users_import,
    discovery_record_update,
    discovery_scan_summary_record,
    file_server_add,
    file_server_remove,
)
