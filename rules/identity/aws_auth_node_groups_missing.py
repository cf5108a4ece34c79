"""aws-auth node mapping without `system:nodes` or `system:bootstrappers`.

## What it does
Finds aws-auth role mappings that are meant for nodes and checks their groups. A mapping is a
node mapping when its username starts with `system:node:` or uses `{{EC2PrivateDNSName}}`, or
when its role is a node role of the scanned configuration (the role of a node group or of an
EC2NodeClass). A missing `system:nodes` is an error, a missing `system:bootstrappers` a warning.
A role that also has an access entry of a node type is skipped: the entry takes precedence.
So is a mapping that a later one with the same `rolearn` replaces (the authenticator keeps the
last).

## Why is this bad
`system:nodes` is the group the Node authorizer and the kubelet's RBAC rules expect: without it
the node authenticates but is `Forbidden` to register or update its Node object, so it never
becomes Ready. `system:bootstrappers` lets the kubelet create certificate signing requests; EKS
and every AWS example map nodes with both groups. A frequent cause is an indentation slip that
merges two list items into one string (`"system:bootstrappers - system:nodes"`).

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups:
      - system:bootstrappers
```

## Use instead
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups:
      - system:bootstrappers
      - system:nodes
```

## References
- https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html (node mapping: `system:bootstrappers`, `system:nodes`)
- https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html#worker-node-fail
- https://kubernetes.io/docs/reference/access-authn-authz/node/ (Node authorizer: group `system:nodes`, username `system:node:<nodeName>`)
- kubernetes-sigs/aws-iam-authenticator `pkg/mapper/configmap/yaml/aws-auth-space-out-of-place.yaml` (merged groups)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import (
    configmap_ignored,
    effective_role_mappings,
    group_texts,
    has_node_entry,
    is_node_username,
    mapping_label,
    node_role_names,
    role_key,
    username_text,
)

NODE_GROUPS = ("system:nodes", "system:bootstrappers")
RULE = Rule("EKS406", "aws-auth-node-groups-missing", Severity.ERROR, tags=("identity", "aws-auth"))


def _hint(groups: list[str]) -> tuple[str, int | None]:
    """An explanation for a near miss, and the index of the group it is about."""
    for i, g in enumerate(groups):
        if " - " in g or g.startswith("- "):
            return f" (the group {g!r} looks like two list items merged by indentation)", i
    for i, g in enumerate(groups):
        if g in NODE_GROUPS:
            continue
        squeezed = re.sub(r"[^a-z:-]", "", g.lower())
        close = [squeezed] if squeezed in NODE_GROUPS else difflib.get_close_matches(g, NODE_GROUPS, n=1, cutoff=0.85)
        if close:
            return f" (the group {g!r} is not {close[0]})", i
    return "", None


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    if configmap_ignored(model):
        return
    node_roles = node_role_names(model)
    for mp in effective_role_mappings(model):
        role = role_key(mp.role)
        user = username_text(mp.username)
        by_user = is_node_username(user)
        if not by_user and (role is None or role not in node_roles):
            continue
        if role is not None and has_node_entry(model, role):
            continue
        if mp.groups_value is not None and not mp.groups_value.known:
            continue
        groups = group_texts(mp.groups)
        if groups is None:
            continue
        why = f"username {user}" if by_user else "its role is a node role of this configuration"
        where = mp.groups_value if mp.groups_value is not None else (mp.username or mp.arn)
        hint, at = _hint(groups)
        if at is not None and mp.groups is not None:
            where = mp.groups[at]
        missing = [g for g in NODE_GROUPS if g not in groups]
        if "system:nodes" in missing:
            both = " and system:bootstrappers" if "system:bootstrappers" in missing else ""
            yield RULE.finding(
                where if where is not None else mp.span,
                f"{mapping_label(mp)} maps nodes ({why}) but its groups lack system:nodes{both}{hint}; the node "
                "authenticates but is Forbidden to register. Set groups to [system:bootstrappers, system:nodes]",
            )
        elif missing:
            yield RULE.finding(
                where if where is not None else mp.span,
                f"{mapping_label(mp)} maps nodes ({why}) but its groups lack system:bootstrappers{hint}; "
                "add it next to system:nodes as EKS does for every node role",
                severity=Severity.WARNING,
            )
