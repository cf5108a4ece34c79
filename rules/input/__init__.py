"""Rules: input."""

MODULES: list = []
