"""Migration revisions, one module each, applied in order from the first to the head."""
