"""EKS Auto Mode (`EC2`) access entry without the AmazonEKSAutoNodePolicy access policy.

## What it does
Reports an access entry of type `EC2` (the type for the node role of a custom EKS Auto Mode
NodeClass) that has no association of
`arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy`. The rule stays silent when any
of the entry's policies, or a Terraform policy association it could not attribute, is unknown.

## Why is this bad
EKS creates no permissions for `EC2` entries by itself: "The Node IAM Role requires the
AmazonEKSAutoNodePolicy EKS Access Policy". Without it, Auto Mode instances launched with that
role cannot register, and the NodeClaims time out. It is a warning because the association may
live in a configuration outside the scanned tree.

## Example
```hcl
resource "aws_eks_access_entry" "auto_nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.auto_nodes.arn
  type          = "EC2"
}
```

## Use instead
```hcl
resource "aws_eks_access_entry" "auto_nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.auto_nodes.arn
  type          = "EC2"
}

resource "aws_eks_access_policy_association" "auto_nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.auto_nodes.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy"
  access_scope {
    type = "cluster"
  }
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E08, citing the EKS user guide
  `latest/ug/automode/create-node-class.adoc` and `manage-access/cluster-auth.adoc`
- https://docs.aws.amazon.com/eks/latest/userguide/create-node-class.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AccessPolicy
from ekslint.rule import Rule
from ekslint.rules.identity._access import AUTO_NODE_POLICY, literal, policy_name, written_type
from ekslint.rules.identity._common import entry_label

RULE = Rule("EKS455", "auto-mode-entry-without-node-policy", Severity.WARNING, tags=("identity", "access-entry"))


def _unknown_or_auto(policies: list[AccessPolicy]) -> bool:
    for p in policies:
        text = literal(p.policy_arn)
        if text is None or policy_name(text) == AUTO_NODE_POLICY:
            return True
    return False


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    for entry in model.access_entries:
        if written_type(entry) != "EC2" or entry.type is None:
            continue
        if _unknown_or_auto(entry.policies):
            continue
        if entry.source == "terraform" and _unknown_or_auto(model.orphan_policies):
            continue
        yield RULE.finding(
            entry.type,
            f"{entry_label(entry)} has type EC2 (EKS Auto Mode nodes) but no AmazonEKSAutoNodePolicy access policy; "
            "nodes with this role cannot join. Associate arn:aws:eks::aws:cluster-access-policy/AmazonEKSAutoNodePolicy "
            "with access scope type cluster",
        )
