"""Rules: cluster."""

MODULES: list = []
