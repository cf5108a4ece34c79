"""Node-type access entry that sets Kubernetes groups or a username.

## What it does
Reports access entries of type `EC2_LINUX`, `EC2_WINDOWS`, `FARGATE_LINUX` or `HYBRID_LINUX`
that set Kubernetes groups or a Kubernetes username (eksctl `kubernetesGroups` /
`kubernetesUsername`, Terraform `kubernetes_groups` / `user_name`, module `access_entries`).
In Terraform an empty `kubernetes_groups = []` counts as set. eksctl treats an empty list as
unset, so it is not reported there.

## Why is this bad
For node types EKS chooses the username (`system:node:{{EC2PrivateDNSName}}` or
`system:node:{{SessionName}}`) and the groups itself. eksctl refuses the file: "cannot specify
accessEntries[0].kubernetesGroups nor accessEntries[0].kubernetesUsername when type is set to
EC2_LINUX". The EKS API documents "You can't use the --kubernetes-groups option when you specify
a type other than STANDARD". In Terraform both attributes are optional and computed, so a
written value makes every later apply try to change the entry, which fails ("The username must
not begin with system:") and leaves the plan broken.

## Example
```hcl
resource "aws_eks_access_entry" "nodes" {
  cluster_name      = aws_eks_cluster.main.name
  principal_arn     = aws_iam_role.nodes.arn
  type              = "EC2_LINUX"
  kubernetes_groups = ["system:bootstrappers", "system:nodes"]
  user_name         = "system:node:{{EC2PrivateDNSName}}"
}
```

## Use instead
```hcl
resource "aws_eks_access_entry" "nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.nodes.arn
  type          = "EC2_LINUX"
}
```

## References
- https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
  ("You can't use the --kubernetes-groups option when you specify a type other than STANDARD")
- eksctl `pkg/apis/eksctl.io/v1alpha5/access_entry.go` `validateAccessEntries`
- https://github.com/aws-ia/terraform-aws-eks-blueprints/pull/1920 (`kubernetes_groups = []` on an EC2_LINUX entry)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import NODE_ENTRY_TYPES
from ekslint.rule import Rule
from ekslint.rules.identity._common import entry_label
from ekslint.values import known_str

RULE = Rule("EKS402", "node-entry-groups-or-username", Severity.ERROR, tags=("identity", "access-entry"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for entry in ctx.model.access_entries:
        kind = entry.entry_type
        if kind not in NODE_ENTRY_TYPES or entry.implicit:
            continue
        label = entry_label(entry)
        groups_set = entry.groups is not None and (entry.source != "eksctl" or len(entry.groups) > 0)
        if entry.groups is None and entry.groups_value is not None and not entry.groups_value.known:
            groups_set = False  # an unknown expression may well be null
        if groups_set:
            where = entry.groups_value if entry.groups_value is not None else (entry.groups[0] if entry.groups else None)
            if entry.groups:
                why = "eksctl and the EKS API refuse groups set by hand"
            else:
                why = ("an empty list still counts as set: Terraform then tries to update the entry on later applies, "
                       "which the EKS API refuses")
            yield RULE.finding(
                where if where is not None else entry.span,
                f"{label} has type {kind} and sets Kubernetes groups; for node types EKS assigns the groups itself "
                f"and {why}. Remove the groups attribute",
            )
        user = known_str(entry.username)
        if user:
            yield RULE.finding(
                entry.username,
                f"{label} has type {kind} and sets the Kubernetes username {user!r}; for node types EKS assigns "
                "the username itself and eksctl and the EKS API refuse one set by hand. Remove the username attribute",
            )
