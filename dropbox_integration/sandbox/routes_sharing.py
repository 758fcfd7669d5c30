"""sharing/*: shared folders and their members."""
