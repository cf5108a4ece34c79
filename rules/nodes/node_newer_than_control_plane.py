"""Node group on a newer Kubernetes version than its cluster's control plane.

## What it does
Compares the Kubernetes version a node group states (Terraform `aws_eks_node_group.version`,
the terraform-aws-eks module's per-group `kubernetes_version` / `cluster_version`, an Amazon
Linux AMI release version such as eksctl `releaseVersion: 1.31.2-20241109`) with the version of
the cluster it belongs to, and reports nodes whose minor version is newer. Both versions must be
known; nothing is reported otherwise.

## Why is this bad
The Kubernetes version-skew policy says "kubelet must not be newer than kube-apiserver". The
EKS API refuses to create or update a managed node group to a version newer than the cluster,
and a self-managed kubelet that is newer than the API server is outside the supported skew. A
common cause is bumping the node group version in the same change as the cluster, or before it.

## Example
```hcl
resource "aws_eks_cluster" "main" {
  name    = "prod"
  version = "1.31"
  # ...
}

resource "aws_eks_node_group" "workers" {
  cluster_name = aws_eks_cluster.main.name
  version      = "1.32"
  # ...
}
```

## Use instead
```hcl
resource "aws_eks_node_group" "workers" {
  cluster_name = aws_eks_cluster.main.name
  version      = aws_eks_cluster.main.version   # upgrade the control plane first, then the nodes
  # ...
}
```

## References
- https://kubernetes.io/releases/version-skew-policy/#kubelet
- https://docs.aws.amazon.com/eks/latest/userguide/update-managed-node-group.html
- eksctl `pkg/actions/nodegroup/ami.go` `ParseReleaseVersion` (release version format)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import group_name_label
from ekslint.versions import fmt, node_and_cluster_minors

RULE = Rule("EKS201", "node-newer-than-control-plane", Severity.ERROR, tags=("nodes", "version"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng, node_v, where, cluster_v, cluster_at in node_and_cluster_minors(ctx.model.node_groups):
        if node_v <= cluster_v:
            continue
        yield RULE.finding(
            where,
            f"{group_name_label(ng)} runs Kubernetes {fmt(node_v)} but its cluster's control plane is {fmt(cluster_v)}; "
            "kubelet must not be newer than kube-apiserver. Upgrade the cluster first, or set the node group to "
            f"{fmt(cluster_v)}",
            related=[cluster_at],
        )
