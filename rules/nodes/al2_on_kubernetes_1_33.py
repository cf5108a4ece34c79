"""Amazon Linux 2 nodes on Kubernetes 1.33 or later.

## What it does
Reports node groups that ask for Amazon Linux 2 (eksctl `amiFamily: AmazonLinux2`, Terraform
`ami_type = "AL2_*"`, Karpenter `alias: al2@...` or a v1beta1 `amiFamily: AL2` without AMI
selector terms) when the nodes' Kubernetes version is 1.33 or later. The version is the node
group's own when it states one, else its cluster's. For eksctl, an omitted `metadata.version`
(or `auto`) means the version `eksctl create cluster` picks itself: 1.34 since eksctl 0.222.0.
That case is a warning: older eksctl releases picked 1.32, and `eksctl create nodegroup`
inherits the running control plane's version instead.

Node groups with a custom AMI are not reported (except eksctl `nodeGroups`, which eksctl
rejects anyway): you may have built your own AL2 image.

## Why is this bad
"Kubernetes version 1.32 is the last version for which Amazon EKS will release Amazon Linux 2
(AL2) AMIs." There is no EKS-optimized AL2 AMI for 1.33 and later, so:

- eksctl refuses the file: `AmazonLinux2 is not supported for Kubernetes version 1.33`;
- the EKS API refuses the managed node group: `AMI Type AL2_x86_64 is only supported for
  kubernetes versions 1.32 or earlier`;
- Karpenter finds no AMI for the alias, the EC2NodeClass never becomes ready, and no node is
  launched.

## Example
```yaml
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: eu-west-1
  version: "1.33"
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2023   # or Bottlerocket; AL2023 uses nodeadm instead of bootstrap.sh
```
(Terraform: `ami_type = "AL2023_x86_64_STANDARD"`; Karpenter: `alias: al2023@latest`.)

## References
- https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions-standard.html (Kubernetes 1.32: last version with AL2 AMIs; 1.33: no AL2 AMI)
- eksctl `pkg/apis/eksctl.io/v1alpha5/defaults.go` `SetNodeGroupDefaults`, `SetManagedNodeGroupDefaults`; `types.go` `AmazonLinux2EOLVersion`, `DefaultVersion`
- Karpenter `website/content/en/docs/concepts/nodeclasses.md` ("Kubernetes version 1.32 is the last version for which Amazon EKS will release Amazon Linux 2 (AL2) AMIs")
- scylladb/scylla-cluster-tests#12524 (CreateNodegroup error text)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AL2, NodeGroup
from ekslint.rule import Rule
from ekslint.values import V, is_placeholder
from ekslint.versions import EKSCTL_DEFAULT_SINCE, LAST_AL2_VERSION, cluster_minor, fmt, minor_of, node_minor

RULE = Rule("EKS203", "al2-on-kubernetes-1-33", Severity.ERROR, tags=("nodes", "version", "ami"))

AL2023_TYPES = {"AL2_X86_64": "AL2023_x86_64_STANDARD", "AL2_ARM_64": "AL2023_ARM_64_STANDARD",
                 "AL2_X86_64_GPU": "AL2023_x86_64_NVIDIA"}


def _fix(ng: NodeGroup, family: V) -> str:
    if ng.source == "eksctl":
        return "use `amiFamily: AmazonLinux2023` (or Bottlerocket)"
    if ng.source == "karpenter":
        if "@" in family.value:
            return "use `alias: al2023@latest` (or bottlerocket@latest)"
        return "use `amiFamily: AL2023` (or Bottlerocket)"
    target = AL2023_TYPES.get(family.value.upper(), "AL2023_x86_64_STANDARD")
    if ng.source == "cloudformation":
        return f"use `AmiType: {target}` (or a BOTTLEROCKET_* type)"
    return f'use ami_type = "{target}" (or a BOTTLEROCKET_* type)'


def _uses_eks_al2_ami(ng: NodeGroup, family: V) -> bool:
    """True when the nodes would run an EKS-optimized AL2 AMI (not one the user built)."""
    if ng.source == "eksctl":
        # eksctl rejects AmazonLinux2 on unmanaged nodeGroups even with a custom `ami`
        return ng.kind == "self-managed" or ng.custom_ami is None
    if ng.source == "karpenter":
        if family.is_str and "@" in family.value:
            return True  # alias: al2@<version>
        terms = ng.value.get("spec", "amiSelectorTerms") if ng.value is not None else None
        return terms is None or (terms.known and not terms.value)  # v1beta1: AMI from SSM for the version
    return ng.custom_ami is None


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng in ctx.model.node_groups:
        family = ng.ami_family_value
        if ng.ami_family != AL2 or family is None or not family.is_str or is_placeholder(family.value):
            continue
        if not _uses_eks_al2_ami(ng, family):
            continue
        node = node_minor(ng)
        if node is not None:
            version, at, by_default = node[0], node[1], False
        elif ng.version is not None and minor_of(ng.version) is None:
            continue  # the group states a version that is not known: do not fall back to the cluster's
        else:
            cluster = cluster_minor(ng.cluster, eksctl_defaults=True)
            if cluster is None:
                continue
            version, at, by_default = cluster
        if version <= LAST_AL2_VERSION:
            continue
        fix = _fix(ng, family)
        name = ng.name.str() if ng.name is not None else None
        kind = "EC2NodeClass" if ng.source == "karpenter" else "node group"
        label = f"{kind} {name!r}" if name else f"this {kind}"
        outcome = "Karpenter finds no AMI and launches no nodes" if ng.source == "karpenter" else "the nodes cannot be created"
        if by_default and not (at is not None and at.value == "latest"):
            written = "omitted" if at is None or not at.value else f"{at.value!r}"
            yield RULE.finding(
                family,
                f"{label} uses Amazon Linux 2, but metadata.version is {written}, so `eksctl create cluster` "
                f"({EKSCTL_DEFAULT_SINCE} and later) creates Kubernetes {fmt(version)}, and EKS publishes no AL2 AMIs "
                f"after {fmt(LAST_AL2_VERSION)}; {fix}, or set metadata.version explicitly",
                severity=Severity.WARNING,
                related=[at] if at is not None else [],
            )
            continue
        version_text = "the newest Kubernetes version (metadata.version: latest)" if by_default else f"Kubernetes {fmt(version)}"
        yield RULE.finding(
            family,
            f"{label} uses Amazon Linux 2 on {version_text}: EKS publishes no AL2 AMIs after "
            f"{fmt(LAST_AL2_VERSION)}, so {outcome}; {fix}",
            related=[at] if at is not None else [],
        )
