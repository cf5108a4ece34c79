"""A suppression comment past its `until=` date.

## What it does
Reports `# ekslint: ignore[...] until=YYYY-MM-DD` comments once the date has passed (the day
itself still counts). An expired suppression no longer suppresses: the findings it covered are
reported again, next to this one.

## Why is this bad
An expiry date records a promise ("the node group moves to private subnets before the end of
March"). When the date passes, the problem is back in front of the team instead of staying hidden
forever.

## Example
```hcl
# ekslint: ignore[EKS104] public subnets until the NAT gateway is in place until=2024-03-31
module "eks" {
```

## Use instead
```hcl
# fix the findings and remove the comment, or renew it with a new date
# ekslint: ignore[EKS104] public subnets until the NAT gateway is in place until=2027-03-31
module "eks" {
```

## References
- README, "Suppressing findings"
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS005", "expired-suppression", Severity.WARNING, tags=("input", "suppression"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    """Findings come from `ekslint.suppress.apply`, which reads the comments after the rules ran."""
    return iter(())
