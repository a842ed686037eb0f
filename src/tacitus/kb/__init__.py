"""The knowledge bases: the gazetteer of places and the actor base."""
