"""Terraform-managed aws-auth that leaves out the roles of managed node groups.

## What it does
Finds an aws-auth ConfigMap that Terraform owns as a whole: a `kubernetes_config_map` /
`kubernetes_config_map_v1` resource, a `kubernetes_config_map_v1_data` with `force = true`, the
terraform-aws-eks v20 `modules/aws-auth` submodule or the v19 module's
`manage_aws_auth_configmap`. It reports the ConfigMap when the scanned configuration has managed
node groups (`aws_eks_node_group`, terraform-aws-eks `eks_managed_node_groups`) or Fargate
profiles (`aws_eks_fargate_profile`, module `fargate_profiles` with an existing role) of the same
Terraform root whose role is not in its `mapRoles`. An error when the cluster's
authentication mode is `CONFIG_MAP`, a warning in `API_AND_CONFIG_MAP`; nothing in `API` (see
EKS418) or when the mode, the list or a role is not known. The v19 module maps the roles of its
own node groups and Fargate profiles itself, so those count as mapped.

## Why is this bad
EKS adds the node role of every managed node group, and the pod execution role of every Fargate
profile, to aws-auth when it creates them. When
Terraform writes `mapRoles` from its own list, the next apply removes those entries again: the
nodes' credentials stop mapping to `system:nodes`, they go `NotReady`, and the node group turns
`DEGRADED` (terraform-aws-eks issue #2289, "AWS auth configmap removes additional node group(s)
after a second apply").

## Example
```hcl
resource "aws_eks_node_group" "general" {
  node_role_arn = aws_iam_role.nodes.arn
  # ...
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }
  force = true
  data = {
    mapRoles = yamlencode([{ rolearn = aws_iam_role.admins.arn, username = "admin", groups = ["system:masters"] }])
  }
}
```

## Use instead
Keep the node roles in the list Terraform writes (or move to access entries):
```hcl
mapRoles = yamlencode([
  { rolearn = aws_iam_role.nodes.arn, username = "system:node:{{EC2PrivateDNSName}}",
    groups = ["system:bootstrappers", "system:nodes"] },
  { rolearn = aws_iam_role.admins.arn, username = "admin", groups = ["system:masters"] },
])
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A16, citing terraform-aws-eks issue #2289, PR #1524,
  #624, and `modules/aws-auth/main.tf` at v20.37.2 (`kubernetes_config_map_v1_data` with `force = true`)
- https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html (managed node group roles are added by EKS)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AwsAuth, FargateProfile, NodeGroup, RoleRef
from ekslint.rule import Rule
from ekslint.rules.identity._common import auth_cluster, same_role
from ekslint.values import V, known_bool, known_str

RULE = Rule("EKS419", "aws-auth-terraform-drops-eks-entries", Severity.ERROR,
            tags=("identity", "aws-auth", "terraform", "cross-file"))

WHOLE = ("kubernetes_config_map", "kubernetes_config_map_v1", "terraform-aws-eks", "terraform-aws-eks//modules/aws-auth")


def _owns_map_roles(auth: AwsAuth) -> bool:
    if auth.manager in WHOLE:
        return True
    return auth.manager == "kubernetes_config_map_v1_data" and known_bool(auth.force) is True


def _map_roles(auth: AwsAuth) -> V | bool | None:
    """The mapRoles value; False when it is not known (then nothing can be said)."""
    if auth.data is None:
        return None if auth.manager != "terraform-aws-eks//modules/aws-auth" else False
    if not auth.data.known:
        return False
    val = auth.data.get("mapRoles")
    if val is None or val.known or val.partial:
        return val
    origin = getattr(val, "origin", None)  # yamlencode([...]) of a known list
    return val if isinstance(origin, V) and origin.is_list else False


def _label(obj: NodeGroup | FargateProfile) -> str:
    name = known_str(obj.name)
    address = obj.address
    if not address:
        return repr(name) if name else ""
    return address + (f" ({name})" if name and name not in address else "")


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    for auth in model.aws_auth:
        if auth.source not in ("terraform", "tf-module-eks") or not _owns_map_roles(auth):
            continue
        cluster = auth_cluster(model, auth)
        mode = cluster.auth_mode if cluster is not None else None
        if mode not in ("CONFIG_MAP", "API_AND_CONFIG_MAP"):
            continue
        map_roles = _map_roles(auth)
        if map_roles is False:
            continue
        roles = [m for m in auth.mappings if m.kind == "role"]
        candidates: list[tuple[str, RoleRef, NodeGroup | FargateProfile]] = []
        for ng in model.node_groups:
            if ng.kind == "managed" and ng.source in ("terraform", "tf-module-eks") and ng.role is not None:
                candidates.append((f"managed node group {_label(ng)}", ng.role, ng))
        for fp in model.fargate_profiles:
            if fp.source not in ("terraform", "tf-module-eks") or fp.role is None:
                continue
            if auth.manager == "terraform-aws-eks" and fp.address.startswith(auth.address + "."):
                continue  # the v19 module maps the roles of its own Fargate profiles
            candidates.append((f"Fargate profile {_label(fp)}", fp.role, fp))
        missing: list[tuple[str, RoleRef]] = []
        for label, ref, obj in candidates:
            if obj.module_dir != auth.module_dir or (obj.cluster is not None and cluster is not None
                                                     and obj.cluster is not cluster):
                continue
            answers = [same_role(m.role, ref) for m in roles]
            if any(a is True for a in answers) or any(a is None for a in answers):
                continue
            if ref.role is None and not known_str(ref.value) and not ref.value.ref:
                continue
            missing.append((label, ref))
        if not missing:
            continue
        where = map_roles if isinstance(map_roles, V) else None
        names = ", ".join(label for label, _ in missing)
        yield RULE.finding(
            where or auth.span,
            f"Terraform owns mapRoles of aws-auth ({auth.address or auth.manager}) but it does not map the role of "
            f"{names}: EKS adds that entry when it creates them, and the next apply removes it, so the nodes go "
            "NotReady (node groups turn DEGRADED, Fargate pods stay Pending). Add each role to mapRoles: node roles "
            "with username system:node:{{EC2PrivateDNSName}} and groups [system:bootstrappers, system:nodes], Fargate "
            "pod execution roles with system:node:{{SessionName}} and [system:bootstrappers, system:nodes, "
            "system:node-proxier]",
            severity=Severity.ERROR if mode == "CONFIG_MAP" else Severity.WARNING,
            related=[ref.value for _, ref in missing],
        )
