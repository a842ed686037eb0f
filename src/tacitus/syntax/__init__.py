"""Dependency-parse helpers shared by stages (roles, speakers, counts).

They read the parse and never write to an Article.
"""
