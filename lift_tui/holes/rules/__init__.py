"""Rule families: each module finds one kind of evidence for type or guard holes."""
