"""Runners of the pipeline: the local process pool and Ray."""
