import os
from pathlib import Path

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "macforum_projects.settings")

app = Celery("macforum_projects")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def broker_folders_create(sender: Celery, **kwargs) -> None:
    """The file-system broker of the embedded run (no REDIS_URL) needs its folders before a task is
    sent or a worker listens; the app is configured, in each process, just before either."""
    if sender.conf.broker_url != "filesystem://":
        return
    options = sender.conf.broker_transport_options
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            Path(options[key]).mkdir(parents=True, exist_ok=True)
