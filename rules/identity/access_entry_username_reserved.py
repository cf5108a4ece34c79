"""Access entry username that starts with a prefix EKS reserves.

## What it does
Reports the Kubernetes username of a `STANDARD` access entry (eksctl `kubernetesUsername`,
Terraform `user_name`, module `access_entries[*].user_name`) when it starts with `system:`,
`eks:`, `aws:`, `amazon:` or `iam:`. Node-type entries that set a username at all are reported by
EKS402.

## Why is this bad
EKS refuses the entry: the user guide says the username "can't start with system:, eks:, aws:,
amazon:, or iam:", and CreateAccessEntry / UpdateAccessEntry answer
`InvalidParameterException: The username must not begin with system:`. A username copied from an
aws-auth node mapping (`system:node:{{EC2PrivateDNSName}}`) is the usual cause; for nodes, use a
node entry type instead, which sets that username itself.

## Example
```yaml
accessConfig:
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/ci-deployer
      kubernetesUsername: eks:ci-deployer
      kubernetesGroups: [deployers]
```

## Use instead
```yaml
accessConfig:
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/ci-deployer
      kubernetesUsername: ci-deployer
      kubernetesGroups: [deployers]
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E04, citing the EKS user guide
  `grant-k8s-access.adoc` (reserved prefixes) and aws-ia/terraform-aws-eks-blueprints PR #1920
  ("The username must not begin with system:")
- https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._access import written_type
from ekslint.rules.identity._common import entry_label, username_text

RULE = Rule("EKS452", "access-entry-username-reserved", Severity.ERROR, tags=("identity", "access-entry"),
            precision="very-high")

RESERVED = ("system:", "eks:", "aws:", "amazon:", "iam:")


def check(ctx: Context) -> Iterator[Finding | None]:
    for entry in ctx.model.access_entries:
        if written_type(entry) != "STANDARD":
            continue
        user = username_text(entry.username)
        if not user:
            continue
        prefix = next((p for p in RESERVED if user.startswith(p)), None)
        if prefix is None:
            continue
        if user.startswith("system:node:"):
            fix = "For nodes, remove the username and give the entry a node type such as EC2_LINUX"
        else:
            fix = f"Rename it without the {prefix} prefix (and bind the new name with RBAC)"
        quote = ' ("The username must not begin with system:")' if prefix == "system:" else ""
        yield RULE.finding(
            entry.username,
            f"{entry_label(entry)} sets the username {user!r}; EKS reserves the prefixes system:, eks:, aws:, "
            f"amazon: and iam:, and refuses the entry{quote}. {fix}",
        )
