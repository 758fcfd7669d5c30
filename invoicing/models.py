"""Models of invoicing."""
