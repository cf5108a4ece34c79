"""Fargate pod execution role that EC2 nodes also run with.

## What it does
Reports a Fargate profile (eksctl `fargateProfiles[].podExecutionRoleARN`, Terraform
`aws_eks_fargate_profile.pod_execution_role_arn`, module `fargate_profiles` with an existing
`iam_role_arn`) whose pod execution role is also the role of EC2 nodes: a managed or self-managed
node group, an EC2NodeClass, or a role given an `EC2_LINUX` / `EC2_WINDOWS` access entry.

## Why is this bad
The EKS node role guide: "The Amazon EC2 node groups must have a different IAM role than the
Fargate profile". A role has one identity in Kubernetes: EKS gives it either the Fargate username
`system:node:{{SessionName}}` or the EC2 one `system:node:{{EC2PrivateDNSName}}`, never both. With
access entries the second entry for the role fails ("ResourceInUseException"); with aws-auth the
later mapping replaces the earlier one. Either the Fargate pods or the EC2 nodes cannot register.

## Example
```yaml
managedNodeGroups:
  - name: general
    iam:
      instanceRoleARN: arn:aws:iam::111122223333:role/eks-workers
fargateProfiles:
  - name: jobs
    podExecutionRoleARN: arn:aws:iam::111122223333:role/eks-workers
    selectors: [{namespace: jobs}]
```

## Use instead
```yaml
managedNodeGroups:
  - name: general
    iam:
      instanceRoleARN: arn:aws:iam::111122223333:role/eks-workers
fargateProfiles:
  - name: jobs
    podExecutionRoleARN: arn:aws:iam::111122223333:role/eks-fargate-pods
    selectors: [{namespace: jobs}]
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E20, citing the EKS user guide
  `latest/ug/security/iam-reference/create-node-role.adoc`
- https://docs.aws.amazon.com/eks/latest/userguide/create-node-role.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import EC2_NODE_ENTRY_TYPES
from ekslint.rule import Rule
from ekslint.rules.identity._access import written_type
from ekslint.rules.identity._common import entries_for_role, node_role_names, role_key, role_shown
from ekslint.values import known_str

RULE = Rule("EKS463", "fargate-role-shared-with-nodes", Severity.ERROR, tags=("identity", "fargate"))


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    nodes = node_role_names(model)
    for fp in model.fargate_profiles:
        if fp.role is None or fp.role.is_instance_profile:
            continue
        name = role_key(fp.role)
        if name is None:
            continue
        where = nodes.get(name)
        if name not in nodes:
            ec2 = [e for e in entries_for_role(model, name) if written_type(e) in EC2_NODE_ENTRY_TYPES]
            if not ec2:
                continue
            where = ec2[0].span
        profile = known_str(fp.name)
        yield RULE.finding(
            fp.role.value,
            f"Fargate profile {profile or fp.address or ''} uses the role {role_shown(name, fp.role)} as pod execution role, and EC2 nodes run "
            "with the same role; EKS maps a role either as Fargate or as EC2 nodes, so one of them cannot register. "
            "Give the Fargate profile its own pod execution role (trusted by eks-fargate-pods.amazonaws.com)",
            related=[where],
        )
