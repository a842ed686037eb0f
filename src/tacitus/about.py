"""The version of tacitus; imports nothing, so any module (and the build) can read it."""

__version__ = "0.1.0"
