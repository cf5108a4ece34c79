"""Rules: nodes."""

MODULES: list = []
