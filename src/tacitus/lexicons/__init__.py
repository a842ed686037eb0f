"""Loaders of the word tables and language patterns; the English tables are `lexicons/en/`."""
