"""Access policy associated with a node-type access entry.

## What it does
Reports access policies (eksctl `accessPolicies`, Terraform `aws_eks_access_policy_association`,
module `policy_associations`) attached to an access entry of type `EC2_LINUX`, `EC2_WINDOWS`,
`FARGATE_LINUX`, `HYBRID_LINUX` or `HYPERPOD_LINUX`. Type `EC2` (EKS Auto Mode) is not reported: it needs a policy.

## Why is this bad
Only STANDARD entries take access policies. eksctl stops with "cannot specify
accessEntries[0].accessPolicies when type is set to EC2_LINUX"; the API refuses the
association ("You can't associate an access policy to this access entry, because its type is a
value other than STANDARD"); terraform-aws-modules/eks drops the association attributes for node
types, so its `aws_eks_access_policy_association` fails at plan time with an unsupported
attribute. Nodes get their permissions from the node type itself.

## Example
```yaml
accessConfig:
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/eks-nodes
      type: EC2_LINUX
      accessPolicies:
        - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy
          accessScope: {type: cluster}
```

## Use instead
```yaml
accessConfig:
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/eks-nodes
      type: EC2_LINUX
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E07, citing the EKS user guide
  `grant-k8s-access.adoc`, eksctl `pkg/apis/eksctl.io/v1alpha5/access_entry.go` and terraform-aws-eks `main.tf`
  (`flattened_access_entries` drops the association for node types)
- https://docs.aws.amazon.com/eks/latest/userguide/access-policies.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import NODE_ENTRY_TYPES
from ekslint.rule import Rule
from ekslint.rules.identity._access import written_type
from ekslint.rules.identity._common import entry_label

RULE = Rule("EKS454", "access-policy-on-node-entry", Severity.ERROR, tags=("identity", "access-entry"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for entry in ctx.model.access_entries:
        kind = written_type(entry)
        if kind not in (*NODE_ENTRY_TYPES, "HYPERPOD_LINUX"):
            continue
        for policy in entry.policies:
            where = policy.policy_arn if policy.policy_arn is not None and policy.policy_arn.where() else policy.span
            yield RULE.finding(
                where,
                f"{entry_label(entry)} has type {kind}, which takes no access policies; eksctl, the EKS API and "
                "terraform-aws-modules/eks refuse the association. Remove the policy: EKS gives node types their "
                "permissions itself (use a separate STANDARD entry for a principal that needs a policy)",
            )
