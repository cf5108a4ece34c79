"""aws-auth mappings for a cluster whose authentication mode is `API`.

## What it does
Reports the aws-auth mappings (ConfigMap YAML, Terraform `kubernetes_config_map*`,
terraform-aws-eks aws-auth inputs, eksctl `iamIdentityMappings`) of a cluster whose
authentication mode is known to be `API` (eksctl `accessConfig.authenticationMode`,
`aws_eks_cluster.access_config.authentication_mode`, terraform-aws-eks `authentication_mode`),
when no access entry of the scanned configuration covers the same principal. Roles of managed
node groups are skipped (EKS creates their access entries itself), and so are roles of eksctl
node groups (eksctl creates their entries in this mode). A node mapping is an error;
any other mapping a warning. Nothing is reported when the mode is not known.

## Why is this bad
In `API` mode EKS authenticates with access entries only and never reads the ConfigMap. Nodes
mapped only there get `Unauthorized` (kubelet: `Unable to register node with API server"
err="Unauthorized"`), and people mapped only there lose access. The mode cannot go back to
`API_AND_CONFIG_MAP` once it is `API`.

## Example
```yaml
accessConfig:
  authenticationMode: API
iamIdentityMappings:
  - arn: arn:aws:iam::111122223333:role/self-managed-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
accessConfig:
  authenticationMode: API
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/self-managed-nodes
      type: EC2_LINUX
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A15, citing the EKS user guide
  `latest/ug/manage-access/k8s-access/grant-k8s-access.adoc` (authentication modes; "Once the access entry method is
  enabled, it cannot be disabled") and terraform-aws-eks `docs/UPGRADE-20.0.md`
- https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import Model, RoleMapping, RoleRef
from ekslint.rule import Rule
from ekslint.rules.identity._common import auth_cluster, auth_mode_of, is_node_mapping, mapping_label, same_role

RULE = Rule("EKS418", "aws-auth-ignored-in-api-mode", Severity.ERROR, tags=("identity", "aws-auth", "cross-file"))


def _covered(model: Model, mp: RoleMapping) -> bool:
    """True when an access entry or a managed node group (EKS adds its entry) may cover the principal."""
    ref = mp.role if mp.role is not None else (RoleRef(mp.arn) if mp.arn is not None else None)
    if ref is None:
        return False
    for entry in model.access_entries:
        if same_role(entry.principal, ref) is not False:
            return True
    if mp.kind != "role":
        return False
    # EKS creates the entries of managed node groups; eksctl those of every node group it creates
    return any((ng.kind == "managed" or ng.source == "eksctl") and same_role(ng.role, ref) for ng in model.node_groups)


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    for auth in model.aws_auth:
        cluster = auth_cluster(model, auth)  # None: the mode assumed in the config (`assume`) decides
        if auth_mode_of(model, auth) != "API":
            continue
        for mp in auth.mappings:
            if mp.kind == "account" or mp.arn is None or _covered(model, mp):
                continue
            nodes = is_node_mapping(mp)
            fix = ("Give the node role an access entry of type EC2_LINUX (EC2_WINDOWS, HYBRID_LINUX, FARGATE_LINUX "
                   "as fits)" if nodes else "Create an access entry with the same groups or an access policy")
            yield RULE.finding(
                mp.arn,
                f"the cluster's authentication mode is API, so EKS never reads aws-auth: {mapping_label(mp)} has no "
                f"effect and {'its nodes get' if nodes else 'this principal gets'} Unauthorized. {fix}",
                severity=Severity.ERROR if nodes else Severity.WARNING,
                related=[cluster.authentication_mode if cluster is not None else None],
            )
