"""Node group further behind its cluster's control plane than the version-skew policy allows.

## What it does
Compares the Kubernetes version a node group states (Terraform `aws_eks_node_group.version`,
the terraform-aws-eks module's per-group `kubernetes_version` / `cluster_version`, an Amazon
Linux AMI release version such as eksctl `releaseVersion`) with its cluster's version, and
reports nodes more than three minor versions older (more than two when the node is older than
1.25). Both versions must be known.

## Why is this bad
The Kubernetes version-skew policy: "kubelet may be up to three minor versions older than
kube-apiserver (kubelet < 1.25 may only be up to two minor versions older)". Outside that
window the combination is untested and unsupported: the kubelet may call APIs the control
plane no longer serves, and nodes can fail to register or run pods. The next control-plane
upgrade only widens the gap.

## Example
```hcl
resource "aws_eks_cluster" "main" {
  name    = "prod"
  version = "1.33"
}

resource "aws_eks_node_group" "legacy" {
  cluster_name = aws_eks_cluster.main.name
  version      = "1.29"
}
```

## Use instead
```hcl
resource "aws_eks_node_group" "legacy" {
  cluster_name = aws_eks_cluster.main.name
  version      = "1.33"
}
```

## References
- https://kubernetes.io/releases/version-skew-policy/#kubelet
- https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html ("The Kubernetes project tests compatibility between the control plane and nodes for up to three minor versions")
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import group_name_label
from ekslint.versions import Minor, fmt, max_skew, node_and_cluster_minors

RULE = Rule("EKS202", "node-older-than-skew-policy", Severity.WARNING, tags=("nodes", "version"))


def _oldest_allowed(cluster: Minor) -> Minor:
    m = cluster
    while m[1] > 0 and cluster[1] - (m[1] - 1) <= max_skew((m[0], m[1] - 1)):
        m = (m[0], m[1] - 1)
    return m


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng, node_v, where, cluster_v, cluster_at in node_and_cluster_minors(ctx.model.node_groups):
        if node_v[0] != cluster_v[0] or cluster_v[1] - node_v[1] <= max_skew(node_v):
            continue
        yield RULE.finding(
            where,
            f"{group_name_label(ng)} runs Kubernetes {fmt(node_v)}, {cluster_v[1] - node_v[1]} minor versions behind its control plane "
            f"({fmt(cluster_v)}); the version-skew policy allows {max_skew(node_v)}. Upgrade the nodes to at least "
            f"{fmt(_oldest_allowed(cluster_v))}, ideally {fmt(cluster_v)}",
            related=[cluster_at],
        )
