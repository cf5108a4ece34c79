"""An `ekslint:` comment that ekslint cannot use.

## What it does
Reports comments starting with `# ekslint:` (or `// ekslint:` in Terraform) that are not a valid
suppression: an unknown word instead of `ignore` / `ignore-file`, a missing or empty rule list, a
name that is not an ekslint rule, an `until=` that is not a YYYY-MM-DD date, an `ignore-file`
that trails other text, or a line-level `ignore` of the suppression rules EKS003–EKS006 (those
can be suppressed only for a whole file). A comment with a structural error suppresses nothing;
unknown names in a list are skipped and the other names still apply.

## Why is this bad
A typo in a suppression silently does nothing (or, worse, looks like it does something): the
finding it was meant to cover keeps failing CI, or the comment is believed to cover a rule it
does not name.

## Example
```yaml
# ekslint: ignore EKS101 batch nodes are public
# ekslint: ignore[EKS1O1] batch nodes are public
```

## Use instead
```yaml
# ekslint: ignore[EKS101] batch nodes are public
```

## References
- README, "Suppressing findings"
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS006", "malformed-suppression", Severity.WARNING, tags=("input", "suppression"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    """Findings come from `ekslint.suppress.apply`, which reads the comments after the rules ran."""
    return iter(())
