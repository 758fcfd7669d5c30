"""The one layer through which the app talks to Dropbox (the sandbox is the `dropbox_sandbox` app)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DropboxIntegrationConfig(AppConfig):
    name = "dropbox_integration"
    verbose_name = _("Dropbox")

    def __init__(self, app_name, app_module):
        super().__init__(app_name, app_module)
        # Here, when Django creates the app configs, and not in ready(): the admin's ready() comes
        # first and imports our admin, which imports `dropbox`, and the SDK reads its hosts then.
        from dropbox_integration.sdk_hosts import sdk_hosts_point_at_sandbox

        sdk_hosts_point_at_sandbox()
