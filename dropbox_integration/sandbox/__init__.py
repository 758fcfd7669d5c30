"""A local Dropbox API v2 sandbox: the official SDK, pointed at it, works unchanged.

Routing, argument parsing and every result and error go through the SDK's own route tables
and Stone types (see /work/shared/CONVENTIONS.md, "spec by construction"). Start it with
`python manage.py dropbox_sandbox` or `SandboxServer(...).start()`.
"""
