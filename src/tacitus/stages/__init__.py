"""The pipeline's stages, one module each: clean, nlp, places, actors, times, quotes, events."""
