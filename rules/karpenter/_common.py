"""Helpers shared by the Karpenter rules."""

from __future__ import annotations

import re

from ekslint.values import UNKNOWN_CHAR

# parts of a name that are filled in later: ${VAR}, $VAR (envsubst), <name>, {{ helm }}, unknown Terraform
HOLES = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>]*>|\{\{.*?\}\}|" + UNKNOWN_CHAR + "+")
