"""`CONFIG_MAP` authentication mode with cluster-creator admin permissions turned off.

## What it does
Reports a cluster whose authentication mode is `CONFIG_MAP` while
`bootstrapClusterCreatorAdminPermissions` (Terraform `bootstrap_cluster_creator_admin_permissions`)
is `false`. terraform-aws-modules/eks v20 and v21 always pass `false`, so
`authentication_mode = "CONFIG_MAP"` on those module versions is reported too.

## Why is this bad
CreateCluster refuses the combination: `InvalidParameterException:
bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to
CONFIG_MAP` (terraform-aws-eks #3026, #3206). In `CONFIG_MAP` mode the creator's implicit admin is
the only way into a new cluster before aws-auth exists.

## Example
```hcl
module "eks" {
  source              = "terraform-aws-modules/eks/aws"
  version             = "~> 20.0"
  cluster_name        = "main"
  authentication_mode = "CONFIG_MAP"
}
```

## Use instead
```hcl
module "eks" {
  source              = "terraform-aws-modules/eks/aws"
  version             = "~> 20.0"
  cluster_name        = "main"
  authentication_mode = "API_AND_CONFIG_MAP"
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E14, citing terraform-aws-eks #3026, #3206 and
  terraform-aws-eks `main.tf` (`bootstrap_cluster_creator_admin_permissions = false`)
- https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessConfigRequest.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.values import known_bool

RULE = Rule("EKS461", "config-map-mode-bootstrap-admin", Severity.ERROR, tags=("identity", "access-entry"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for cluster in ctx.model.clusters:
        if cluster.auth_mode != "CONFIG_MAP" or known_bool(cluster.bootstrap_admin) is not False:
            continue
        if cluster.source == "tf-module-eks":
            msg = ("terraform-aws-modules/eks v20+ always sets bootstrap_cluster_creator_admin_permissions = false, and "
                   "EKS refuses that in CONFIG_MAP mode (\"bootstrapClusterCreatorAdminPermissions must be true if "
                   "cluster authentication mode is set to CONFIG_MAP\"). Use authentication_mode = \"API_AND_CONFIG_MAP\"")
            where = cluster.authentication_mode
        else:
            msg = ("authentication mode CONFIG_MAP with bootstrap cluster-creator admin permissions disabled; EKS refuses "
                   "it (\"bootstrapClusterCreatorAdminPermissions must be true if cluster authentication mode is set to "
                   "CONFIG_MAP\"). Set it to true, or use API_AND_CONFIG_MAP")
            where = cluster.bootstrap_admin
        yield RULE.finding(where if where is not None else cluster.span, msg,
                           related=[cluster.authentication_mode if where is cluster.bootstrap_admin else None])
