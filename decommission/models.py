"""Models of decommission."""
