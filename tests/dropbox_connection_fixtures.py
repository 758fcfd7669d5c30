"""Fixtures for a Dropbox-connected engagement (the connection layer, issue 3)."""
