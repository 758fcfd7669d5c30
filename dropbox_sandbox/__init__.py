"""A local Dropbox API v2 sandbox: the official SDK, pointed at it, works unchanged.

A development and test tool, not part of the product: it imports only Django, the `dropbox` SDK and
trustme, the product never imports it, and the production image does not contain it (see
docs/dropbox-sandbox.md and the import-linter contracts in pyproject.toml).

Routing, argument parsing and every result and error go through the SDK's own route tables
and Stone types (see /work/shared/CONVENTIONS.md, "spec by construction"). Start it with
`python manage.py dropbox_sandbox` or `SandboxServer(...).start()`.
"""
