"""A suppression comment that suppresses nothing.

## What it does
Reports `# ekslint: ignore[...]` comments (and rules named in them) that matched no finding in
this check. Only rules that ran are considered: with `--select EKS1`, a suppression of EKS404 is
not reported.

## Why is this bad
Stale suppressions pile up once the problem they covered is fixed or the code moved. They hide
the next real finding at the same place without anyone noticing, and a comment placed on the
wrong line (outside the block it was meant for) looks like it works when it does not.

## Example
```yaml
managedNodeGroups:
  - name: system
    privateNetworking: true  # ekslint: ignore[EKS101] kept public for debugging
```

## Use instead
```yaml
managedNodeGroups:
  - name: system
    privateNetworking: true
```

## References
- README, "Suppressing findings"
- ruff RUF100 (unused-noqa), the same check for Python's `# noqa` comments
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS004", "unused-suppression", Severity.WARNING, tags=("input", "suppression"), precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    """Findings come from `ekslint.suppress.apply`, which reads the comments after the rules ran."""
    return iter(())
