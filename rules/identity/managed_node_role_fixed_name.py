"""Managed node group role with a fixed name on a cluster that uses access entries.

## What it does
Notes a managed node group whose IAM role is created in the same Terraform configuration with a
fixed name (`aws_iam_role` with `name`, terraform-aws-modules/eks node groups with
`iam_role_use_name_prefix = false`) when the cluster's authentication mode is `API` or
`API_AND_CONFIG_MAP`.

## Why is this bad
For managed node groups EKS creates the role's access entry itself, and it does not delete it
when the node group or the role goes away. An entry is bound to the role's unique id, not its
name: if the node group and a role of the same name are created again (a `terraform destroy` and
`apply` of the node group, a replaced role), the old entry still occupies the principal, EKS
does not create a new one, and the new nodes get `Unauthorized` and never join. A generated name
(`name_prefix`) gives every new role a new ARN, so a fresh entry is created.

## Example
```hcl
resource "aws_iam_role" "nodes" {
  name               = "eks-nodes"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}
```

## Use instead
```hcl
resource "aws_iam_role" "nodes" {
  name_prefix        = "eks-nodes-"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E17, citing aws/containers-roadmap#2441 and
  terraform-aws-eks `modules/eks-managed-node-group/variables.tf` (`iam_role_use_name_prefix`, default true)
- https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessEntry.html (`principalArn`: a recreated principal
  with the same ARN does not work with the old entry)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import clean

RULE = Rule("EKS464", "managed-node-role-fixed-name", Severity.NOTE, tags=("identity", "access-entry", "terraform"))

SOURCES = ("terraform", "tf-module-eks")


def check(ctx: Context) -> Iterator[Finding | None]:
    seen: set[str] = set()
    for ng in ctx.model.node_groups:
        if ng.kind != "managed" or ng.source not in SOURCES or ng.role is None or ng.role.role is None:
            continue
        role = ng.role.role
        if role.source not in SOURCES or role.name_prefix is not None or role.address in seen:
            continue
        name = clean(role.role_name)
        cluster = ng.cluster
        if not name or role.name is None or cluster is None or cluster.auth_mode not in ("API", "API_AND_CONFIG_MAP"):
            continue
        seen.add(role.address)
        fix = ("set iam_role_use_name_prefix = true (the module default)" if role.source == "tf-module-eks"
               else "use name_prefix instead of name")
        yield RULE.finding(
            role.name,
            f"node role {name} of managed node group {ng.address} has a fixed name; EKS keeps the access entry it "
            "creates for it when the node group or role is deleted, and a role recreated with the same name does not "
            f"match that entry, so new nodes would get Unauthorized. To get a fresh entry with every new role, {fix}",
            related=[ng.span],
        )
