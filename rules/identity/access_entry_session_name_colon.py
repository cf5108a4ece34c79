"""Access entry username with `{{SessionName}}` and no colon before it.

## What it does
Reports the username of a `STANDARD` access entry that uses the `{{SessionName}}` template without
a `:` anywhere before it (`ci-{{SessionName}}`, `{{SessionName}}`).

## Why is this bad
The EKS user guide requires it: if the username contains `{{SessionName}}`, it "must include a
colon before {{SessionName}}". Without one EKS refuses the username, or (if it were accepted) a
caller could choose a session name that makes the username collide with another one. The
research behind this rule did not capture the API's error text, hence a warning.

## Example
```hcl
resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  user_name     = "ci-{{SessionName}}"
}
```

## Use instead
```hcl
resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = "arn:aws:iam::111122223333:role/ci"
  user_name     = "ci:{{SessionName}}"
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E05, citing the EKS user guide
  `grant-k8s-access.adoc` ("the username must include a colon before {{SessionName}}")
- https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._access import written_type
from ekslint.rules.identity._common import entry_label
from ekslint.values import known_str

RULE = Rule("EKS453", "access-entry-session-name-colon", Severity.WARNING, tags=("identity", "access-entry"))

TEMPLATE = "{{SessionName}}"


def check(ctx: Context) -> Iterator[Finding | None]:
    for entry in ctx.model.access_entries:
        if written_type(entry) != "STANDARD":
            continue
        user = known_str(entry.username)
        if not user or TEMPLATE not in user:
            continue
        before = user[: user.index(TEMPLATE)]
        if ":" in before:
            continue
        yield RULE.finding(
            entry.username,
            f"{entry_label(entry)} uses {TEMPLATE} in the username {user!r} with no colon before it; EKS requires "
            f"a ':' before {TEMPLATE}. Write it as e.g. {(before.rstrip('-_.') or 'user') + ':' + TEMPLATE!r}",
        )
