"""Point the official SDK at the local sandbox, before it is imported.

The `dropbox` SDK reads its hosts from DROPBOX_API_HOST, DROPBOX_API_CONTENT_HOST,
DROPBOX_API_NOTIFY_HOST and DROPBOX_WEB_HOST once, when `dropbox.session` is first imported. The
sandbox serves all four on one port, so with DROPBOX_SANDBOX_URL set they are derived from it
here, when Django creates DropboxIntegrationConfig: the first step of django.setup(), right after
the settings are read and before any app's models or ready() (the admin's autodiscovery imports
`dropbox`). No app config module may import `dropbox`. Variables already set in the environment win.
"""

import logging
import os
import sys
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

SDK_HOST_VARIABLES = (
    "DROPBOX_API_HOST",
    "DROPBOX_API_CONTENT_HOST",
    "DROPBOX_API_NOTIFY_HOST",
    "DROPBOX_WEB_HOST",
)


def sdk_hosts_point_at_sandbox() -> None:
    if not settings.DROPBOX_SANDBOX_URL:
        return
    netloc = urlsplit(settings.DROPBOX_SANDBOX_URL).netloc
    for variable in SDK_HOST_VARIABLES:
        os.environ.setdefault(variable, netloc)
    session = sys.modules.get("dropbox.session")
    if session is not None and session.API_HOST != os.environ["DROPBOX_API_HOST"]:
        logger.warning(
            "The dropbox SDK was imported before its hosts were set; it talks to %s, not the sandbox.",
            session.API_HOST,
        )
