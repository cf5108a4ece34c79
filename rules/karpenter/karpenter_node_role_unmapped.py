"""Karpenter node role that no aws-auth entry or access entry maps.

## What it does
For every EC2NodeClass with a literal `spec.role`, looks for something that lets that role
into the cluster: an aws-auth `mapRoles` entry (ConfigMap YAML, Terraform, eksctl
`iamIdentityMappings`; role names compared case-insensitively), an EKS access entry (eksctl
`accessConfig`, `aws_eks_access_entry`, module inputs, and the entries that modules or EKS
create themselves), the role of a managed node group (EKS maps those itself) or of an eksctl
node group (eksctl maps the roles it creates, `eksctl-<cluster>-nodegroup-...-NodeInstanceRole-...`),
or eksctl's own Karpenter integration (`karpenter:` maps `eksctl-KarpenterNodeRole-<cluster>`).

It only reports when the scanned files manage the store that counts: with one cluster whose
authentication mode is known, `API` counts only access entries and `CONFIG_MAP` only aws-auth;
otherwise both count. A repository without aws-auth or access entries manages them elsewhere,
and the rule stays silent. So does it when a mapping's role is not known offline (a Terraform
reference, `${VAR}`) and could be the node role.

## Why is this bad
Karpenter launches the instance with an instance profile holding this role. kubelet
authenticates as the role; if neither aws-auth nor an access entry maps it, the API server
answers `Unauthorized`: kubelet logs `Unable to register node with API server"
err="Unauthorized"`, the NodeClaim ends with `Node not registered with cluster`, and Karpenter
keeps launching and terminating instances that never become nodes.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: KarpenterNodeRole-prod
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-workers
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-workers
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
    - rolearn: arn:aws:iam::111122223333:role/KarpenterNodeRole-prod
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
```
or an access entry of type `EC2_LINUX` for the role.

## References
- karpenter-provider-aws `website/content/en/docs/getting-started/getting-started-with-karpenter/scripts/step02-create-cluster.sh` (maps `KarpenterNodeRole-${CLUSTER_NAME}`)
- karpenter-provider-aws `website/content/en/docs/troubleshooting.md` ("Node not registered with cluster", `Unauthorized`)
- aws-iam-authenticator `pkg/mapper/configmap/configmap.go`, `pkg/config/mapper.go` (role ARNs matched case-insensitively)
- https://docs.aws.amazon.com/eks/latest/userguide/grant-k8s-access.html (authentication modes; EKS creates entries for managed node group roles)
- https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html ("Nodes fail to join cluster")
- aws/karpenter-provider-aws#7469, #3218
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL
from ekslint.findings import Finding, Severity
from ekslint.model import AwsAuth, RoleRef
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import HOLES
from ekslint.values import is_placeholder, known_str

RULE = Rule("EKS502", "karpenter-node-role-unmapped", Severity.ERROR, tags=("karpenter", "iam", "identity"),
            precision="high")

_ACCOUNT = re.compile(r"^arn:(aws[\w-]*):iam::(\d{12}):role/")
ANY = re.compile(r".*", re.S)
# eksctl-<cluster>-nodegroup-<name>-NodeInstanceRole-<suffix>, truncated by CloudFormation
EKSCTL_NODE_ROLE = re.compile(r"eksctl-.*-NodeInstanceRole-.*", re.I | re.S)


def _name_pattern(text: str) -> re.Pattern[str]:
    """The role name in an ARN or name whose unknown parts match anything."""
    if ":role/" in text:
        text = text.split(":role/", 1)[1]
    name = text.rsplit("/", 1)[-1]
    parts = HOLES.split(name)
    if len(parts) == 1:
        return re.compile(re.escape(name), re.I)
    pattern = ".*".join(re.escape(p) for p in parts)
    return re.compile(pattern, re.I | re.S)


def role_pattern(ref: RoleRef | None) -> re.Pattern[str]:
    """What role names `ref` may stand for (ANY when nothing is known)."""
    if ref is None:
        return ANY
    role = ref.role
    if role is not None:
        if role.role_name and not is_placeholder(role.role_name):
            return re.compile(re.escape(role.role_name), re.I)
        prefix = known_str(role.name_prefix)
        if role.name is None and prefix and not is_placeholder(prefix):
            return re.compile(re.escape(prefix) + ".*", re.I | re.S)
    text = ref.text
    if not text:
        return ANY
    return _name_pattern(text)


def _aws_auth_patterns(auth: AwsAuth) -> list[re.Pattern[str]]:
    if auth.problems:
        return [ANY]  # mapRoles that does not parse: reported elsewhere; the intent is unknown
    if auth.source != "eksctl":
        data = auth.data
        if data is None or not data.known:
            return [ANY]
        roles = data.get("mapRoles") if data.is_map else None
        if roles is not None and not roles.known:
            return [ANY]
    return [role_pattern(mp.role) for mp in auth.mappings if mp.kind == "role"]


def _eksctl_karpenter_roles(ctx: Context) -> list[re.Pattern[str]]:
    out = []
    for doc in ctx.documents_of(EKSCTL):
        if doc.root.get("karpenter") is None:
            continue
        name = doc.root.str("metadata", "name")
        out.append(_name_pattern(f"eksctl-KarpenterNodeRole-{name if name else '${CLUSTER_NAME}'}"))
    return out


def _account(ctx: Context) -> tuple[str, str]:
    for mp in ctx.model.role_mappings:
        m = _ACCOUNT.match(known_str(mp.arn) or "")
        if m:
            return m.group(1), m.group(2)
    return "aws", "<account-id>"


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    classes = [nc for nc in model.node_classes if nc.role is not None and nc.role.is_str and nc.role.value.strip()
               and not is_placeholder(nc.role.value)]
    if not classes:
        return
    mode = model.clusters[0].auth_mode if len(model.clusters) == 1 else None
    use_aws_auth = mode != "API"
    use_entries = mode != "CONFIG_MAP"
    eksctl_access = any(doc.root.get("accessConfig") is not None for doc in ctx.documents_of(EKSCTL))
    manages_aws_auth = use_aws_auth and bool(model.aws_auth)
    manages_entries = use_entries and (any(not e.implicit for e in model.access_entries) or eksctl_access)
    if not manages_aws_auth and not manages_entries:
        return

    patterns: list[re.Pattern[str]] = []
    if use_aws_auth:
        for auth in model.aws_auth:
            patterns.extend(_aws_auth_patterns(auth))
        patterns.extend(_eksctl_karpenter_roles(ctx))
    if use_entries:
        patterns.extend(role_pattern(e.principal) for e in model.access_entries)
    for ng in model.node_groups:
        # EKS maps managed node groups' roles; eksctl also maps its self-managed groups' roles
        if ng.kind == "managed" or (ng.source == "eksctl" and ng.kind == "self-managed"):
            if ng.role is not None:
                patterns.append(role_pattern(ng.role))
            elif ng.source == "eksctl":
                patterns.append(EKSCTL_NODE_ROLE)  # the role eksctl creates for the group
    if any(p is ANY for p in patterns):
        return

    stores = {
        (True, True): "no aws-auth mapRoles entry, no access entry and no managed node group maps it",
        (True, False): "no aws-auth mapRoles entry maps it (the cluster's authentication mode is CONFIG_MAP)",
        (False, True): "no access entry maps it (the cluster's authentication mode is API, so aws-auth is ignored)",
    }[(use_aws_auth, use_entries)]
    partition, account = _account(ctx)
    for nc in classes:
        text = nc.role.value
        name = text.rsplit("/", 1)[-1]
        if any(p.fullmatch(name) for p in patterns):
            continue
        arn = f"arn:{partition}:iam::{account}:role/{name}"
        if use_entries and not use_aws_auth:
            fix = f"create an EC2_LINUX access entry for {arn}"
        elif use_aws_auth and not use_entries:
            fix = (f"add `- rolearn: {arn}` with `username: system:node:{{{{EC2PrivateDNSName}}}}` and groups "
                   "`system:bootstrappers`, `system:nodes` to aws-auth mapRoles")
        else:
            fix = (f"add `- rolearn: {arn}` with `username: system:node:{{{{EC2PrivateDNSName}}}}` and groups "
                   "`system:bootstrappers`, `system:nodes` to aws-auth mapRoles, or create an EC2_LINUX access entry for it")
        label = nc.name.str() if nc.name is not None else None
        owner = f"EC2NodeClass {label!r}" if label else "EC2NodeClass"
        yield RULE.finding(
            nc.role,
            f"{owner} launches nodes with role {name!r}, but {stores}: kubelet gets `Unauthorized` and the nodes never "
            f"register; {fix}",
        )
