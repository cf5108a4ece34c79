"""Helpers shared by the Karpenter rules."""

from __future__ import annotations

import re

from ekslint.values import UNKNOWN_CHAR, is_placeholder

# parts of a name that are filled in later: ${VAR}, $VAR (envsubst), <name>, {{ helm }}, unknown Terraform
HOLES = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>]*>|\{\{.*?\}\}|" + UNKNOWN_CHAR + "+")
_SHELL_VAR = re.compile(r"\$[A-Za-z_]")


def placeholder(text: str | None) -> bool:
    """`is_placeholder`, and also shell variables (`KarpenterNodeRole-$CLUSTER_NAME`) that envsubst fills in."""
    return is_placeholder(text) or bool(text and _SHELL_VAR.search(text))
