"""Access entries for a cluster whose authentication mode is `CONFIG_MAP`.

## What it does
Reports access entries (written, or created by terraform-aws-modules: self-managed node groups,
the Karpenter submodule) for a cluster whose authentication mode is `CONFIG_MAP`: written so, or
an `aws_eks_cluster` without `access_config`, which EKS creates in `CONFIG_MAP` mode. Clusters
whose mode the sources leave unknown are skipped.

## Why is this bad
In `CONFIG_MAP` mode the cluster has no access entries, and the API refuses to create them:
`InvalidRequestException: The cluster's authentication mode must be set to one of [API,
API_AND_CONFIG_MAP] to perform this operation.` (terraform-aws-eks #3048, eksctl #7695). With a
module-created entry this is easy to miss: the Karpenter submodule creates one unless
`create_access_entry = false`.

## Example
```hcl
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = aws_iam_role.cluster.arn
  vpc_config { subnet_ids = var.subnets }
}

resource "aws_eks_access_entry" "nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.nodes.arn
  type          = "EC2_LINUX"
}
```

## Use instead
```hcl
resource "aws_eks_cluster" "main" {
  name     = "main"
  role_arn = aws_iam_role.cluster.arn
  vpc_config { subnet_ids = var.subnets }
  access_config {
    authentication_mode = "API_AND_CONFIG_MAP"
  }
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E13, citing terraform-aws-eks #3048,
  aws-ia/terraform-aws-eks-blueprints #1877 and eksctl #7695, and §1 (default mode `CONFIG_MAP` through the
  API, SDK and CloudFormation)
- https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._access import entry_cluster
from ekslint.rules.identity._common import entry_label
from ekslint.values import known_str

RULE = Rule("EKS460", "access-entries-config-map-mode", Severity.ERROR, tags=("identity", "access-entry"))


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    for entry in model.access_entries:
        cluster = entry_cluster(entry, model)
        if cluster is None or cluster.auth_mode != "CONFIG_MAP":
            continue
        if cluster.authentication_mode is not None:
            why = "its authentication mode is CONFIG_MAP"
        elif cluster.source == "cloudformation":
            why = "it has no AccessConfig.AuthenticationMode, so EKS creates it in CONFIG_MAP mode"
        else:
            why = "it has no access_config, so EKS creates it in CONFIG_MAP mode"
        where = entry.span
        if entry.implicit:
            mod = entry.address.split(".aws_eks_access_entry", 1)[0] or "the module"
            fix = (f"Set authentication_mode to API_AND_CONFIG_MAP, or create_access_entry = false on {mod} and map "
                   "the role in aws-auth")
        else:
            fix = "Set the authentication mode to API_AND_CONFIG_MAP (or API), or map the principal in aws-auth instead"
            if entry.principal is not None and entry.principal.value.where():
                where = entry.principal.value.where()
        yield RULE.finding(
            where,
            f"{entry_label(entry)} belongs to cluster {cluster.address or known_str(cluster.name) or '(unnamed)'}, but {why}: the EKS API refuses "
            "access entries then (\"The cluster's authentication mode must be set to one of [API, API_AND_CONFIG_MAP]\"). "
            f"{fix}",
            related=[cluster.authentication_mode if cluster.authentication_mode is not None else cluster.span],
        )
