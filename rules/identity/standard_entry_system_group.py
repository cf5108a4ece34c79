"""STANDARD access entry with a Kubernetes group that starts with `system:`.

## What it does
Reports every access entry of type `STANDARD` (or with no type, which defaults to `STANDARD`)
whose Kubernetes groups include a name starting with `system:` (`system:masters`,
`system:nodes`, `system:bootstrappers`, ...). It reads access entries from eksctl
`accessConfig.accessEntries`, Terraform `aws_eks_access_entry` and the `access_entries` input of
the terraform-aws-modules/eks module alike.

## Why is this bad
The EKS API refuses to create the entry:
`InvalidParameterException: The kubernetes group name system:masters is invalid, it cannot start
with system:`. `eksctl create cluster` and `terraform apply` stop there. The usual cause is a
mapping copied from the aws-auth ConfigMap: there, nodes get `system:bootstrappers` and
`system:nodes` and admins get `system:masters`; access entries express the same things
differently.

## Example
```yaml
accessConfig:
  authenticationMode: API
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/eks-node-role
      kubernetesGroups: [system:bootstrappers, system:nodes]
    - principalARN: arn:aws:iam::111122223333:role/platform-admin
      kubernetesGroups: [system:masters]
```

## Use instead
```yaml
accessConfig:
  authenticationMode: API
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/eks-node-role
      type: EC2_LINUX              # EKS adds the node groups itself
    - principalARN: arn:aws:iam::111122223333:role/platform-admin
      accessPolicies:
        - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy
          accessScope: {type: cluster}
```

## References
- https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html
  (Kubernetes groups "can't start with system:")
- https://github.com/terraform-aws-modules/terraform-aws-eks/issues/2915
  ("The kubernetes group name system:masters is invalid, it cannot start with system:")
- https://github.com/eksctl-io/eksctl/issues/7446
  ("The kubernetes group name system:nodes is invalid, it cannot start with system")
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import entry_label
from ekslint.values import known_str

RULE = Rule("EKS401", "standard-entry-system-group", Severity.ERROR, tags=("identity", "access-entry"),
            precision="very-high")

NODE_GROUPS = ("system:nodes", "system:bootstrappers", "system:node-proxier")


def check(ctx: Context) -> Iterator[Finding | None]:
    for entry in ctx.model.access_entries:
        if entry.entry_type != "STANDARD" or not entry.groups:
            continue
        for group in entry.groups:
            name = known_str(group)
            if name is None or not name.startswith("system:"):
                continue
            if name in NODE_GROUPS:
                fix = ("for nodes, give the entry a node type (EC2_LINUX, EC2_WINDOWS, FARGATE_LINUX or "
                       "HYBRID_LINUX) and no groups; EKS adds the node groups itself")
            elif name == "system:masters":
                fix = ("for administrators, associate an access policy such as "
                       "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy instead")
            else:
                fix = "use an access policy, or a group without the system: prefix bound with RBAC"
            yield RULE.finding(
                group,
                f"{entry_label(entry)} is of type STANDARD and lists Kubernetes group {name!r}; the EKS API "
                f"rejects it (\"The kubernetes group name {name} is invalid, it cannot start with system:\"). "
                f"Remove the group: {fix}",
            )
