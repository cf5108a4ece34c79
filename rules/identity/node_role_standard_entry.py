"""STANDARD access entry for a role that nodes run with.

## What it does
Reports an access entry of type `STANDARD` (written, or not written: it is the default) whose
principal is a node role of the scanned configuration: the role of a managed or self-managed node
group (eksctl, Terraform, terraform-aws-modules/eks), an EC2NodeClass `spec.role`, or the node
role of the terraform-aws-modules Karpenter submodule. Entries that give the role Kubernetes
groups or access policies are left alone: that is a deliberate RBAC set-up (or another rule's
finding).

## Why is this bad
A STANDARD entry maps the role to the username
`arn:aws:sts::111122223333:assumed-role/NAME/{{SessionName}}` with no groups, so kubelet is not in
`system:nodes`: it cannot create its Node object, and the node stays `NotReady` or never appears
(`Unauthorized` / `nodes is forbidden` in the kubelet log). Adding `system:nodes` to the entry is
refused by the API ("The kubernetes group name system:nodes is invalid, it cannot start with
system:"). The type cannot be changed in place either; the entry has to be recreated with a node
type. Karpenter users hit this when migrating from aws-auth (aws/karpenter-provider-aws #7558).

## Example
```hcl
resource "aws_eks_access_entry" "karpenter_nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.karpenter_node.arn
}
```

## Use instead
```hcl
resource "aws_eks_access_entry" "karpenter_nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.karpenter_node.arn
  type          = "EC2_LINUX"
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E02, citing aws/karpenter-provider-aws#7558
  ("recreating the access entry with the correct type EC2_LINUX instead of STANDARD") and the EKS user guide
  `grant-k8s-access.adoc` (usernames EKS assigns per type)
- https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AccessEntry
from ekslint.rule import Rule
from ekslint.rules.identity._access import principal_shown, role_of, written_type
from ekslint.rules.identity._common import entries_for_role, group_texts, node_role_names

RULE = Rule("EKS451", "node-role-standard-entry", Severity.ERROR, tags=("identity", "access-entry"))


def _deliberate(entry: AccessEntry) -> bool:
    groups = group_texts(entry.groups)
    if groups is None or groups:
        return True  # groups (unknown ones too): custom RBAC, or EKS401's finding
    if entry.groups is None and entry.groups_value is not None and not entry.groups_value.known:
        return True
    return bool(entry.policies) or entry.username is not None


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    nodes = node_role_names(model)
    for entry in model.access_entries:
        if written_type(entry) != "STANDARD" or _deliberate(entry):
            continue
        name = role_of(entry)
        if name is None or name not in nodes:
            continue
        others = [e for e in entries_for_role(model, name) if e is not entry and written_type(e) not in (None, "STANDARD")]
        if others:
            continue  # a second entry for the same principal: the duplicate rule reports it
        where = entry.type if entry.type is not None else entry.principal.value if entry.principal else None
        how = "type is STANDARD" if entry.type is not None else "type is not set, so it is STANDARD"
        yield RULE.finding(
            where if where is not None else entry.span,
            f"the access entry for {principal_shown(entry)} is for a role that nodes run with, but its {how}: "
            "nodes then authenticate outside system:nodes and cannot register. Set type = EC2_LINUX "
            "(EC2_WINDOWS for Windows nodes); the type cannot be changed in place, so the entry is recreated",
            related=[nodes[name]],
        )
