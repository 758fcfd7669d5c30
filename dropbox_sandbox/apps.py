"""A development tool, not part of the product: installed only where this package exists (see settings)."""

from django.apps import AppConfig


class DropboxSandboxConfig(AppConfig):
    name = "dropbox_sandbox"
    verbose_name = "Dropbox sandbox"
