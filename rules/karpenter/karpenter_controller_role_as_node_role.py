"""The Karpenter controller's IAM role used as the node role.

## What it does
Reports the Karpenter controller role where the node role belongs:

- an EC2NodeClass `spec.role`;
- an aws-auth `mapRoles` entry (or eksctl `iamIdentityMappings` entry) that maps it as a node
  (groups `system:nodes` / `system:bootstrappers`, or username `system:node:...`);
- an EKS access entry of a node type (`EC2_LINUX`, `EC2_WINDOWS`, ...).

The role is known to be the controller's when the scanned configuration says so (the
terraform-aws-eks `karpenter` module's controller role; the role of the `karpenter` service
account in eksctl `iam.podIdentityAssociations` / `iam.serviceAccounts` or in an
`aws_eks_pod_identity_association`; the IRSA role annotation
`serviceAccount.annotations."eks.amazonaws.com/role-arn"` of the Karpenter chart in a Terraform
`helm_release`): that is an error. A role that is only *named* like the
controller role of Karpenter's guides gives a warning: `<cluster>-karpenter` (getting started,
for a cluster named in the scanned files) or `KarpenterControllerRole-<cluster>` (migrating from
Cluster Autoscaler; any name containing both "karpenter" and "controller").

## Why is this bad
Karpenter uses two roles. The controller role is assumed by the Karpenter pod (IRSA or Pod
Identity) to call EC2; the node role is put in the instance profile of the nodes it launches
and is what kubelet authenticates as. The controller role does not trust `ec2.amazonaws.com`,
so instances given it get no credentials; mapped in aws-auth instead of the node role, it
leaves the real node role unmapped. Either way the instances start but never register
(kubelet: `Unable to register node with API server" err="Unauthorized"`; NodeClaim:
`Node not registered with cluster`).

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: KarpenterControllerRole-prod
  amiSelectorTerms:
    - alias: al2023@latest
```

## Use instead
```yaml
spec:
  role: KarpenterNodeRole-prod   # the node role (karpenter module: node_iam_role_name)
```
and map that node role (aws-auth with `system:bootstrappers` + `system:nodes`, or an
`EC2_LINUX` access entry).

## References
- https://karpenter.sh/docs/getting-started/getting-started-with-karpenter/ (node role `KarpenterNodeRole-${CLUSTER_NAME}`, controller role `${CLUSTER_NAME}-karpenter`)
- karpenter-provider-aws `website/content/en/docs/getting-started/getting-started-with-karpenter/scripts/step02-create-cluster.sh` (pod identity `roleName: ${CLUSTER_NAME}-karpenter`; node role mapping)
- karpenter-provider-aws `website/content/en/docs/getting-started/migrating-from-cas/scripts/step04-controller-iam.sh` (`KarpenterControllerRole-${CLUSTER_NAME}`)
- karpenter-provider-aws `website/content/en/docs/troubleshooting.md` ("Node not registered with cluster")
- karpenter-provider-aws `website/content/en/docs/getting-started/migrating-from-cas/scripts/step08-generate-chart.sh` (`--set serviceAccount.annotations.eks\\.amazonaws\\.com/role-arn=...:role/KarpenterControllerRole-${CLUSTER_NAME}`)
- aws/karpenter-provider-aws#6659 (controller role used instead of the node role)
- terraform-aws-modules/terraform-aws-eks `modules/karpenter/main.tf` (`iam_role_*` = controller, `node_iam_role_*` = nodes)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL
from ekslint.findings import Finding, Severity
from ekslint.model import NODE_ENTRY_TYPES, RoleRef
from ekslint.rule import Rule
from ekslint.values import Span, V, is_placeholder, known_str

RULE = Rule("EKS501", "karpenter-controller-role-as-node-role", Severity.ERROR, tags=("karpenter", "iam", "identity"),
            precision="high")

NODE_GROUPS = {"system:nodes", "system:bootstrappers"}
FIX_ROLE = ("terraform-aws-eks karpenter module: `node_iam_role_name` / `node_iam_role_arn`; Karpenter's guides: "
            "`KarpenterNodeRole-<cluster>`")
FIX = f"use the Karpenter node role instead ({FIX_ROLE}) and keep the two roles distinct"


def _last_segment(text: str) -> str:
    return text.rsplit("/", 1)[-1] if text.startswith("arn:") or "/" in text else text


def eksctl_controller_roles(ctx: Context) -> dict[str, Span]:
    """Roles eksctl gives Karpenter's service account (`iam.podIdentityAssociations`, `iam.serviceAccounts`)."""
    out: dict[str, Span] = {}
    for doc in ctx.documents_of(EKSCTL):
        for assoc in (doc.root.get("iam", "podIdentityAssociations") or V([], None)).list():
            if assoc.str("serviceAccountName") != "karpenter":
                continue
            for key in ("roleName", "roleARN"):
                v = assoc.get(key)
                if v is not None and v.is_str and not is_placeholder(v.value) and v.where():
                    out.setdefault(_last_segment(v.value).lower(), v.where())
        for sa in (doc.root.get("iam", "serviceAccounts") or V([], None)).list():
            if sa.str("metadata", "name") != "karpenter":
                continue
            for key in ("roleName", "attachRoleARN"):
                v = sa.get(key)
                if v is not None and v.is_str and not is_placeholder(v.value) and v.where():
                    out.setdefault(_last_segment(v.value).lower(), v.where())
    return out


def verdict(ctx: Context, ref: RoleRef, eksctl_roles: dict[str, Span]) -> tuple[Severity, str, Span | None] | None:
    """(severity, role name, where the controller role is declared) when `ref` is the controller role."""
    if ref.role is not None and ref.role.purpose == "node":
        return None
    name = ref.name
    if ref.role is not None and ref.role.purpose == "controller":
        return Severity.ERROR, name or ref.role.address, ref.role.span
    if not name or is_placeholder(name):
        return None
    low = name.lower()
    controllers, cluster_defaults = _controller_names(ctx)
    if low in controllers:
        return Severity.ERROR, name, controllers[low]
    if low in eksctl_roles:
        return Severity.ERROR, name, eksctl_roles[low]
    if "karpenter" in low and "controller" in low:
        return Severity.WARNING, name, None
    if low in cluster_defaults:
        return Severity.WARNING, name, None
    return None


def _controller_names(ctx: Context) -> tuple[dict[str, Span], set[str]]:
    """Lower-cased controller role names of the model (first declaration wins), and the
    ``<cluster>-karpenter`` names of the clusters; built once per run."""
    cached = ctx.__dict__.get("_karpenter_controller_names")
    if cached is None:
        controllers: dict[str, Span] = {}
        for known, span in ctx.model.controller_roles.items():
            controllers.setdefault(known.lower(), span)
        defaults = set()
        for cluster in ctx.model.clusters:
            cname = known_str(cluster.name)
            if cname and not is_placeholder(cname):
                defaults.add(f"{cname.lower()}-karpenter")
        cached = (controllers, defaults)
        ctx.__dict__["_karpenter_controller_names"] = cached
    return cached


def _what(sev: Severity, name: str) -> str:
    if sev == Severity.ERROR:
        return f"{name!r}, the Karpenter controller's role"
    return (f"{name!r}, which is named like the Karpenter controller role (`<cluster>-karpenter` or "
            "`KarpenterControllerRole-<cluster>` in Karpenter's guides)")


def _nodeclass_refs(ctx: Context) -> Iterator[tuple[V, RoleRef, str]]:
    by_doc = {id(ng.value): ng for ng in ctx.model.node_groups if ng.kind == "karpenter" and ng.value is not None}
    for nc in ctx.model.node_classes:
        if nc.role is None:
            continue
        ng = by_doc.get(id(nc.doc))
        ref = ng.role if ng is not None and ng.role is not None and ng.role.value is nc.role else RoleRef(nc.role)
        name = nc.name.str() if nc.name is not None else None
        yield nc.role, ref, f"EC2NodeClass {name!r} spec.role" if name else "EC2NodeClass spec.role"


def _is_node_mapping(groups: list[V] | None, username: V | None) -> bool:
    if any(g.is_str and g.value in NODE_GROUPS for g in groups or []):
        return True
    return username is not None and username.is_str and username.value.startswith("system:node:")


def check(ctx: Context) -> Iterator[Finding | None]:
    eksctl_roles = eksctl_controller_roles(ctx)
    for value, ref, where in _nodeclass_refs(ctx):
        v = verdict(ctx, ref, eksctl_roles)
        if v is not None:
            yield RULE.finding(
                value,
                f"{where} is {_what(v[0], v[1])}: that role is meant for the Karpenter pod (IRSA or Pod Identity), not "
                f"for EC2 instances, and the nodes launched with it never register with the cluster; {FIX}",
                severity=v[0], related=[v[2]],
            )

    for mp in ctx.model.role_mappings:
        if mp.kind != "role" or mp.role is None or mp.arn is None:
            continue
        if not _is_node_mapping(mp.groups, mp.username):
            continue
        v = verdict(ctx, mp.role, eksctl_roles)
        if v is not None:
            where = "eksctl iamIdentityMappings" if mp.source == "eksctl" else "aws-auth mapRoles"
            yield RULE.finding(
                mp.arn,
                f"{where} maps {_what(v[0], v[1])}, as a node (system:nodes): Karpenter's instances authenticate with "
                f"the node role, not the controller's, so mapping this one does not let them register; map the node "
                f"role here instead ({FIX_ROLE})",
                severity=v[0], related=[v[2]],
            )

    for entry in ctx.model.access_entries:
        if entry.implicit or entry.principal is None:
            continue
        etype = entry.entry_type
        if etype not in NODE_ENTRY_TYPES:
            continue
        v = verdict(ctx, entry.principal, eksctl_roles)
        if v is not None:
            yield RULE.finding(
                entry.principal.value,
                f"{etype} access entry for {_what(v[0], v[1])}: Karpenter's instances authenticate with the node role, "
                f"not the controller's, so this entry does not let them register; create it for the node role instead "
                f"({FIX_ROLE})",
                severity=v[0], related=[v[2]],
            )
