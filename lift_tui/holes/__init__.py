"""holes layer."""
