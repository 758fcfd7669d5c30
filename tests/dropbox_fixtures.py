"""Fixtures for tests that talk to Dropbox: the sandbox (issue 3) and a connected engagement."""
