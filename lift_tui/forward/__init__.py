"""forward layer."""
