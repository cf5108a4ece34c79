"""Rules: bootstrap."""

MODULES: list = []
