"""What a migration reports to people: the scan's exceptions (`exceptions`: CSV) and the
verification certificate (`certificate`: PDF and CSV)."""
