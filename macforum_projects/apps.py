"""The project's own app: the folders a fresh checkout (or a fresh MACFORUM_VAR_DIR) needs."""

from pathlib import Path

from django.apps import AppConfig
from django.conf import settings


class MacforumProjectsConfig(AppConfig):
    name = "macforum_projects"
    verbose_name = "Macforum Projects"

    def ready(self) -> None:
        # Made when Django starts, in every process (manage.py, the web server, a worker, the tests),
        # rather than when settings.py is read: SQLite's file lives in VAR_DIR, and WhiteNoise warns
        # on every request when STATIC_ROOT is missing.
        for folder in (settings.VAR_DIR, settings.STATIC_ROOT):
            Path(folder).mkdir(parents=True, exist_ok=True)
