"""Rules: identity."""

MODULES: list = []
