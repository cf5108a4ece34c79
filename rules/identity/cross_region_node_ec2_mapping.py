"""Nodes in another region than their cluster, mapped by an EC2 node entry or `{{EC2PrivateDNSName}}`.

## What it does
Finds node groups whose nodes run in a region other than their cluster's while the node role
is mapped with an access entry of type `EC2_LINUX` / `EC2_WINDOWS`, or with an aws-auth
mapping whose username uses `{{EC2PrivateDNSName}}`. The node region comes from the node group
(a Terraform provider alias or `region` argument) or its user data; the cluster region from the
linked cluster or the region in the NodeConfig `apiServerEndpoint` / bootstrap.sh
`--apiserver-endpoint` host (`https://<id>.<tag>.<region>.eks.amazonaws.com`). Only known
regions are compared.

## Why is this bad
For these mappings EKS builds the node's username `system:node:<private DNS name>` by calling
`ec2:DescribeInstances` for the instance id of the node's session, in the cluster's region. An
instance in another region is not found there, so authentication fails: kubelet gets
`401 Unauthorized` on `POST /api/v1/nodes` although the network path works and STS knows the
role. Nodes in the cluster's region, with the same role and user data, join.

## Example
```hcl
provider "aws" {
  alias  = "ningxia"
  region = "cn-northwest-1"
}

resource "aws_eks_access_entry" "nodes" {
  cluster_name  = aws_eks_cluster.beijing.name     # cluster in cn-north-1
  principal_arn = aws_iam_role.nodes.arn
  type          = "EC2_LINUX"
}

resource "aws_autoscaling_group" "edge" {
  provider = aws.ningxia                            # nodes in cn-northwest-1
  # launch template with the same node role ...
}
```

## Use instead
Give the cross-region nodes a `STANDARD` access entry with a plain username and no `system:`
groups, and bind a ClusterRole modelled on `system:node` to that username with RBAC:
```hcl
resource "aws_eks_access_entry" "edge_nodes" {
  cluster_name  = aws_eks_cluster.beijing.name
  principal_arn = aws_iam_role.edge_nodes.arn
  type          = "STANDARD"
  user_name     = "edge-node:{{SessionName}}"
}
# plus a ClusterRoleBinding of a ClusterRole modelled on system:node to user edge-node:...
```
Nodes that join this way are not covered by the Node authorizer, and their kubelet serving
certificate requests may need approving.

## References
- kubernetes-sigs/aws-iam-authenticator `pkg/server/server.go` (`{{EC2PrivateDNSName}}` resolved with
  `ec2:DescribeInstances`) and `pkg/ec2provider/ec2provider.go` (one client for one region)
- https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html (username of EC2_LINUX entries)
- http://www.jsqmd.com/news/867809/ (cn-northwest-1 node, cn-north-1 cluster: 401 Unauthorized)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import EC2_NODE_ENTRY_TYPES, NodeBootstrap, NodeGroup
from ekslint.rule import Rule
from ekslint.rules.identity._common import clean, endpoint_region, ref_name
from ekslint.values import V, known_str

RULE = Rule("EKS403", "cross-region-node-ec2-mapping", Severity.ERROR, tags=("identity", "region", "cross-file"))


def _endpoint(boot: NodeBootstrap | None) -> V | None:
    """The API server endpoint the node's user data names (NodeConfig or bootstrap.sh)."""
    if boot is None:
        return None
    found = boot.merged_cluster_field("apiServerEndpoint")
    if found is not None:
        return found
    for call in boot.bootstrap_calls:
        for i, word in enumerate(call):
            text = known_str(word) or ""
            if text == "--apiserver-endpoint" and i + 1 < len(call):
                return call[i + 1]
            if text.startswith("--apiserver-endpoint="):
                return V(text.split("=", 1)[1], word.span)
    return None


def _cluster_region(ng: NodeGroup) -> tuple[str, V] | None:
    if ng.cluster is not None:
        region = clean(known_str(ng.cluster.region))
        if region and ng.cluster.region is not None:
            return region.lower(), ng.cluster.region
    endpoint = _endpoint(ng.bootstrap)
    region = endpoint_region(known_str(endpoint))
    if region and endpoint is not None:
        return region, endpoint
    return None


def _node_region(ng: NodeGroup) -> tuple[str, V] | None:
    for v in (ng.region, ng.bootstrap.region if ng.bootstrap is not None else None):
        region = clean(known_str(v))
        if region and v is not None:
            return region.lower(), v
    return None


def _inside(v: V, ng: NodeGroup) -> bool:
    """True when the value is written inside the node group's own block (not in a provider block)."""
    span = v.where()
    return (span is not None and span.file == ng.span.file
            and ng.span.line <= span.line <= max(ng.span.end_line, ng.span.line))


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    for ng in model.node_groups:
        role = ref_name(ng.role)
        if role is None:
            continue
        node = _node_region(ng)
        cluster = _cluster_region(ng)
        if node is None or cluster is None or node[0] == cluster[0]:
            continue
        via: list[tuple[str, V | None]] = []
        for e in model.access_entries:
            if e.cluster is not None and ng.cluster is not None and e.cluster is not ng.cluster:
                continue
            if e.entry_type in EC2_NODE_ENTRY_TYPES and ref_name(e.principal) == role:
                via.append((f"an access entry of type {e.entry_type}",
                            e.type if e.type is not None else (e.principal.value if e.principal else None)))
        if ng.cluster is None or ng.cluster.auth_mode != "API":
            for mp in model.role_mappings:
                user = known_str(mp.username) or ""
                if mp.kind == "role" and ref_name(mp.role) == role and "{{EC2PrivateDNSName}}" in user:
                    via.append(("an aws-auth mapping with username " + user, mp.username))
        if not via:
            continue
        name = known_str(ng.name)
        label = f"node group {name!r}" if name else "this node group"
        role_text = ng.role.name if ng.role is not None else role
        at = node[1] if _inside(node[1], ng) else (ng.name if ng.name is not None and ng.name.where() else ng.span)
        yield RULE.finding(
            at,
            f"{label} launches nodes in {node[0]} but its cluster is in {cluster[0]}, and role {role_text} is mapped "
            f"with {via[0][0]}: EKS resolves {{{{EC2PrivateDNSName}}}} with ec2:DescribeInstances in {cluster[0]}, "
            "does not find the instance and answers 401 Unauthorized. For these nodes use a STANDARD access entry "
            "with a plain username and no system: groups, and bind a ClusterRole modelled on system:node to that "
            "username with RBAC",
            related=[node[1], cluster[1], *(w for _, w in via)],
        )
