"""`/etc/eks/bootstrap.sh` called in the user data of an Amazon Linux 2023 node.

## What it does
Reports each `/etc/eks/bootstrap.sh` call in user data that runs on AL2023: the node group's
AMI family is AL2023 (eksctl `amiFamily: AmazonLinux2023`, or `amiFamily` omitted, since
AmazonLinux2023 is eksctl's default; Terraform `ami_type = "AL2023_*"`; Karpenter
`alias: al2023@...` or `amiFamily: AL2023`), or the same user data also carries a NodeConfig,
which only AL2023 reads.

The finding is an error when the bootstrap.sh call is what should join the node (custom AMIs,
Karpenter `Custom`, self-managed nodes without a complete NodeConfig) and for eksctl, which
refuses a script as the AL2023 override. It is a warning when a NodeConfig still joins the node
(EKS adds one for managed node groups on an EKS AMI, Karpenter adds one for AL2023, or the user
data carries a complete one): the node joins, but the script stops at that line and the
settings passed to bootstrap.sh (kubelet arguments, labels, max pods) are lost.

Not reported: tests of the file (`[ -f /etc/eks/bootstrap.sh ]`) and scripts that also run
`nodeadm` near the call (they pick one at run time).

## Why is this bad
AL2023 nodes are initialised by nodeadm. On AL2023 EKS AMIs `/etc/eks/bootstrap.sh` is a stub
that prints `ERROR: bootstrap.sh has been removed from AL2023-based EKS AMIs. EKS nodes are now
initialized by nodeadm.` and exits 1, so nothing it was asked to do happens. eksctl rejects an
AL2023 `overrideBootstrapCommand` that is not a NodeConfig:
`unmarshalling "overrideBootstrapCommand" into "nodeadm.NodeConfig"`.

## Example
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2023
    overrideBootstrapCommand: |
      #!/bin/bash
      /etc/eks/bootstrap.sh my-cluster --kubelet-extra-args '--max-pods=110'
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2023
    overrideBootstrapCommand: |
      apiVersion: node.eks.aws/v1alpha1
      kind: NodeConfig
      spec:
        kubelet:
          config:
            maxPods: 110
```
In raw user data, put the NodeConfig in a MIME part with `Content-Type: application/node.eks.aws`.

## References
- amazon-eks-ami `templates/al2023/runtime/rootfs/etc/eks/bootstrap.sh` (the stub that exits 1)
- eksctl `pkg/nodebootstrap/al2023.go` `UserData`, `stringToNodeConfig`
- https://awslabs.github.io/amazon-eks-ami/nodeadm/ (migrating user data to NodeConfig)
- https://docs.aws.amazon.com/eks/latest/userguide/al2023.html
- awslabs/amazon-eks-ami#1885, #2426 (nodes failing with the removed bootstrap.sh)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AL2023, NodeBootstrap, NodeGroup
from ekslint.rule import Rule
from ekslint.values import V

RULE = Rule("EKS303", "bootstrap-sh-on-al2023", Severity.ERROR, tags=("bootstrap", "nodeadm", "al2023"),
            precision="high")

CLUSTER_FIELDS = ("name", "apiServerEndpoint", "certificateAuthority", "cidr")
FIX = "replace the call with a NodeConfig (a MIME part with `Content-Type: application/node.eks.aws`)"


def _owners(ctx: Context) -> dict[int, NodeGroup]:
    return {id(ng.bootstrap): ng for ng in ctx.model.node_groups if ng.bootstrap is not None}


def _why_al2023(boot: NodeBootstrap, ng: NodeGroup | None) -> str | None:
    if ng is not None and ng.ami_family == AL2023:
        fam = ng.ami_family_value
        if ng.source == "eksctl" and fam is None:
            if ng.custom_ami is not None:
                return None  # custom `ami` without amiFamily: eksctl sets no default (and rejects the file)
            return "the node group runs AL2023 (eksctl's default when amiFamily is omitted)"
        if fam is not None and fam.is_str:
            return f"the node group runs AL2023 ({fam.value})"
        return "the node group runs AL2023"
    if boot.nodeconfigs and (ng is None or ng.ami_family in (None, AL2023)):
        return "the same user data carries a NodeConfig, which only AL2023 (nodeadm) reads"
    return None


def _complete(boot: NodeBootstrap) -> bool:
    """True when the user data's own NodeConfig documents hold every required cluster field."""
    for field in CLUSTER_FIELDS:
        if not any(
            v is not None and (not v.known or v.value not in (None, ""))
            for v in (doc.get("spec", "cluster", field) for doc in boot.nodeconfigs)
        ):
            return False
    return True


_FILE_TEST = re.compile(r"(\btest|\[\[?)\s+(!\s+)?-[efxsr]\s+[\"']?$")
NEAR = 20  # lines around a call searched for a nodeadm branch


def _not_a_call(ctx: Context, boot: NodeBootstrap, call: list[V]) -> bool:
    """A test of the file (`[ -f /etc/eks/bootstrap.sh ]`), or a script that also runs nodeadm and picks one."""
    span = call[0].span
    if span is None:
        return True
    lines = next((f.lines for f in ctx.files if f.display == span.file), None)
    if lines is None or not 0 < span.line <= len(lines):
        return False
    if _FILE_TEST.search(lines[span.line - 1][: span.col - 1]):
        return True
    inside_nodeconfig = set()
    for doc in boot.nodeconfigs:
        where = doc.where()
        if where is not None:
            inside_nodeconfig.update(range(where.line, where.end_line + 1))
    for n in range(max(1, span.line - NEAR), min(len(lines), span.line + NEAR) + 1):
        text = lines[n - 1]
        if n not in inside_nodeconfig and "nodeadm" in text and not text.lstrip().startswith("#"):
            return True
    return False


def check(ctx: Context) -> Iterator[Finding | None]:
    owners = _owners(ctx)
    for boot in ctx.model.bootstraps:
        if not boot.bootstrap_calls:
            continue
        ng = owners.get(id(boot))
        why = _why_al2023(boot, ng)
        if why is None:
            continue
        joins_anyway = boot.source != "eksctl" and (boot.cluster_details_supplied or _complete(boot))
        for call in boot.bootstrap_calls:
            if not call or _not_a_call(ctx, boot, call):
                continue
            script = call[0]
            if joins_anyway:
                yield RULE.finding(
                    script,
                    f"/etc/eks/bootstrap.sh is called but {why}: there the script only prints \"bootstrap.sh has been "
                    "removed from AL2023-based EKS AMIs\" and exits 1, so the rest of this script and the settings "
                    f"passed to it are lost (the node joins through its NodeConfig); {FIX}",
                    severity=Severity.WARNING,
                )
            elif boot.source == "eksctl":
                yield RULE.finding(
                    script,
                    f"/etc/eks/bootstrap.sh is called but {why}: eksctl rejects the file (on AL2023 "
                    "overrideBootstrapCommand must be a NodeConfig: `unmarshalling \"overrideBootstrapCommand\" into "
                    "\"nodeadm.NodeConfig\"`), and on AL2023 the script only prints \"bootstrap.sh has been removed from "
                    "AL2023-based EKS AMIs\" and exits 1; write overrideBootstrapCommand as a NodeConfig document",
                )
            else:
                yield RULE.finding(
                    script,
                    f"/etc/eks/bootstrap.sh is called but {why}: the script prints \"bootstrap.sh has been removed from "
                    f"AL2023-based EKS AMIs\" and exits 1, and the node never joins; {FIX}",
                )
