"""Rules: karpenter."""

MODULES: list = []
