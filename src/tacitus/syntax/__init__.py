"""Dependency-parse helpers shared by stages.

roles, role_codes, pronouns, phrases, speakers, counts.

They read the parse and never write to an Article.
"""
