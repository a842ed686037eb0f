"""The carrier, settings, errors and the one resource loader: what every other part uses."""
