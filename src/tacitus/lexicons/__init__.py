"""Loaders of the word tables (the English ones live in tacitus/data for now)."""
