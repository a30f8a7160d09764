"""reverse layer."""
