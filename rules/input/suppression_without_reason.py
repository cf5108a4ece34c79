"""A suppression comment that does not say why.

## What it does
Reports `# ekslint: ignore[...]` and `# ekslint: ignore-file[...]` comments with nothing after the
rule list. The suppression still works; the reason becomes the justification that JSON and SARIF
output carry with the suppressed finding.

## Why is this bad
A suppressed finding is a known problem someone decided to keep. Without a reason, the next
reader cannot tell a deliberate exception (a public subnet that really is meant to be public) from
a finding silenced to make CI pass, and code-scanning reviews show an empty justification.

## Example
```yaml
managedNodeGroups:
  # ekslint: ignore[EKS101]
  - name: batch
```

## Use instead
```yaml
managedNodeGroups:
  # ekslint: ignore[EKS101] batch nodes reach the internet through their own NAT, see OPS-142
  - name: batch
```

## References
- README, "Suppressing findings"
- SARIF 2.1.0, 3.35.5 suppression object, `justification` property
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS003", "suppression-without-reason", Severity.WARNING, tags=("input", "suppression"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    """Findings come from `ekslint.suppress.apply`, which reads the comments after the rules ran."""
    return iter(())
