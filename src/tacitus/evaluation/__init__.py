"""Scoring tacitus against gold files: one scorer per capability and the report."""
