"""Narratives: which propaganda narratives and sub-narratives an article carries."""
