"""Access policy ARN that is not an EKS cluster access policy.

## What it does
Checks the policy ARN of access policy associations (eksctl `accessPolicies[].policyARN`,
Terraform `aws_eks_access_policy_association.policy_arn`, module
`policy_associations[*].policy_arn`). Reports, as an error, an ARN that is not of the form
`arn:<partition>:eks::aws:cluster-access-policy/<Name>`: most often an IAM managed policy
(`arn:aws:iam::aws:policy/AmazonEKSClusterPolicy`) or a bare policy name. Reports, as a warning,
a well-formed ARN whose name is a near miss of a known access policy
(`AmazonEKSClusterAdminpolicy`, `AmazonEKSClusterAdmin`). Unknown names that resemble no known
policy are left alone: AWS keeps adding access policies.

## Why is this bad
Access policies are EKS objects, not IAM policies. eksctl stops with "accessEntries[0].policyARN
must be a cluster-access-policy resource" (or "invalid accessEntries[0].policyARN"), and
AssociateAccessPolicy refuses an ARN that names no access policy, so the apply fails after the
entry was created and the principal has no permissions.

## Example
```hcl
resource "aws_eks_access_policy_association" "admins" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.admins.principal_arn
  policy_arn    = "arn:aws:iam::aws:policy/AmazonEKSClusterPolicy"
  access_scope {
    type = "cluster"
  }
}
```

## Use instead
```hcl
resource "aws_eks_access_policy_association" "admins" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_eks_access_entry.admins.principal_arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  access_scope {
    type = "cluster"
  }
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E09, citing eksctl
  `pkg/apis/eksctl.io/v1alpha5/access_entry.go` and the EKS user guide `access-policy-reference.adoc`
- https://docs.aws.amazon.com/eks/latest/userguide/access-policy-permissions.html (`aws eks list-access-policies`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._access import KNOWN_POLICIES, all_policies, close_policy, policy_label, policy_name
from ekslint.values import UNKNOWN_CHAR, is_placeholder, text_of

RULE = Rule("EKS456", "access-policy-arn-format", Severity.ERROR, tags=("identity", "access-entry"))

PREFIX = "arn:aws:eks::aws:cluster-access-policy/"


def _fix_for(text: str) -> str:
    name = text.rsplit("/", 1)[-1].rsplit(":", 1)[-1]
    near = name if name in KNOWN_POLICIES else close_policy(name)
    if near is None and "ClusterPolicy" in name:
        near = "AmazonEKSClusterAdminPolicy"
    target = PREFIX + (near or "AmazonEKSViewPolicy")
    return f"Use an EKS access policy ARN such as {target} (in China: arn:aws-cn:...)"


def check(ctx: Context) -> Iterator[Finding | None]:
    for policy, entry in all_policies(ctx.model):
        v = policy.policy_arn
        text = text_of(v)
        if v is None or not text:
            continue
        label = policy_label(entry)
        if UNKNOWN_CHAR in text or is_placeholder(text):
            # a partition or account interpolated: the shape can still be read
            if ":iam::" in text and ":policy/" in text:
                yield RULE.finding(v, f"{label} names an IAM policy ({text_of(v)!s}) where an EKS access policy is "
                                      f"needed. {_fix_for(text)}".replace(UNKNOWN_CHAR, "…"))
            continue
        name = policy_name(text)
        if name is None:
            if ":iam:" in text and ":policy/" in text:
                why = "is an IAM policy, not an EKS access policy; access policies are EKS objects"
            elif not text.startswith("arn:"):
                why = "is not an ARN"
            else:
                why = "is not an EKS cluster access policy ARN (arn:<partition>:eks::aws:cluster-access-policy/<name>)"
            yield RULE.finding(v, f"{label}: {text} {why}, so eksctl and AssociateAccessPolicy refuse it. {_fix_for(text)}")
            continue
        near = close_policy(name)
        if near is not None:
            yield RULE.finding(v, f"{label}: there is no access policy {name!r}; did you mean {near!r}? "
                                  f"Use {text[: -len(name)]}{near}", severity=Severity.WARNING)
