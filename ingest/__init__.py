"""corpus/ -> index/: load, clean, understand structure, chunk, embed, write."""
