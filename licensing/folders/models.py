"""Models of licensing.folders."""
