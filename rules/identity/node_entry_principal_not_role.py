"""Node-type access entry whose principal is an IAM user or an STS session, not a role.

## What it does
Reports access entries of type `EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX`, `HYBRID_LINUX` or `EC2`
whose principal ARN is an IAM user (`arn:aws:iam::111122223333:user/...`) or an STS assumed-role
session (`arn:aws:sts::111122223333:assumed-role/...`). Instance-profile principals are reported
by EKS405.

## Why is this bad
Nodes authenticate with the credentials of their instance or pod-execution role, and the API
accepts only roles for these types: "For nodes (...EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX, and
HYBRID_LINUX), the only valid ARN is IAM roles. You can't use the STS session principal type".
CreateAccessEntry fails, and nodes meant to use the entry never join.

## Example
```yaml
accessConfig:
  accessEntries:
    - principalARN: arn:aws:sts::111122223333:assumed-role/eks-nodes/i-0123456789abcdef0
      type: EC2_LINUX
```

## Use instead
```yaml
accessConfig:
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/eks-nodes
      type: EC2_LINUX
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E11, citing the EKS API reference
  CreateAccessEntry (`principalArn`) and the EKS user guide `grant-k8s-access.adoc`
- https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import NODE_ENTRY_TYPES
from ekslint.rule import Rule
from ekslint.rules.identity._access import written_type
from ekslint.rules.identity._common import principal_kind
from ekslint.values import UNKNOWN_CHAR, text_of

RULE = Rule("EKS458", "node-entry-principal-not-role", Severity.ERROR, tags=("identity", "access-entry"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for entry in ctx.model.access_entries:
        kind = written_type(entry)
        if kind not in (*NODE_ENTRY_TYPES, "EC2") or entry.principal is None:
            continue
        text = text_of(entry.principal.value)
        what = principal_kind(text)
        if what not in ("user", "assumed-role") or not text:
            continue
        shown = text.replace(UNKNOWN_CHAR, "…")
        if what == "user":
            fix = "Use the IAM role the nodes run with"
        else:
            name = text.split("/")[1] if text.count("/") >= 1 else "NAME"
            fix = f"Use the role itself: arn:<partition>:iam::<account>:role/{name}"
        yield RULE.finding(
            entry.principal.value,
            f"the {kind} access entry names {shown}, an IAM {'user' if what == 'user' else 'STS session'}; node "
            f"entry types accept only IAM role ARNs, so the EKS API refuses the entry. {fix}",
        )
