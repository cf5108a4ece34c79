"""Windows nodes whose role has an `EC2_LINUX` access entry.

## What it does
Reports an access entry of type `EC2_LINUX` for a role that Windows nodes run with (a node group
with a Windows AMI type or `amiFamily`, an EC2NodeClass with a Windows alias or `amiFamily`),
when the role has no `EC2_WINDOWS` entry. The Karpenter submodule of terraform-aws-modules
creates an `EC2_LINUX` entry unless `access_entry_type = "EC2_WINDOWS"`, so its default entry is
reported too.

## Why is this bad
EKS gives `EC2_WINDOWS` entries the extra Kubernetes group Windows nodes need
(`eks:kube-proxy-windows`); with `EC2_LINUX` the node registers, but kube-proxy on it lacks its
permissions, so Services and cluster DNS do not work from Windows pods. A role can have only one
entry, so one role cannot serve Linux and Windows nodes correctly: give the Windows nodes their own
role.

## Example
```hcl
module "karpenter" {
  source       = "terraform-aws-modules/eks/aws//modules/karpenter"
  cluster_name = module.eks.cluster_name
}
# EC2NodeClass windows: spec.role = module.karpenter.node_iam_role_name, alias windows2022@latest
```

## Use instead
```hcl
module "karpenter_windows" {
  source            = "terraform-aws-modules/eks/aws//modules/karpenter"
  cluster_name      = module.eks.cluster_name
  access_entry_type = "EC2_WINDOWS"
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E19, citing terraform-aws-eks
  `modules/karpenter/variables.tf` (`access_entry_type` default `EC2_LINUX`) and
  `modules/self-managed-node-group/main.tf` (EC2_WINDOWS for `WINDOWS_*` AMI types)
- https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html (EC2_WINDOWS type)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import WINDOWS, NodeGroup, may_coexist
from ekslint.rule import Rule
from ekslint.rules.identity._access import written_type
from ekslint.rules.identity._common import entries_for_role, entry_label, ref_name, value_role_name
from ekslint.values import known_str

RULE = Rule("EKS462", "windows-nodes-linux-entry", Severity.WARNING, tags=("identity", "access-entry", "windows"))


def _label(ng: NodeGroup) -> str:
    name = known_str(ng.name)
    return ng.address or (f"node group {name}" if name else "a node group")


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    windows: dict[str, NodeGroup] = {}
    linux: set[str] = set()
    for ng in model.node_groups:
        if ng.role is None or ng.role.is_instance_profile:
            continue
        name = ref_name(ng.role) if ng.kind != "karpenter" else value_role_name(ng.role.value)
        if not name:
            continue
        if ng.ami_family == WINDOWS:
            windows.setdefault(name, ng)
        elif ng.ami_family is not None:
            linux.add(name)
    for name, ng in windows.items():
        entries = entries_for_role(model, name)
        if any(written_type(e) == "EC2_WINDOWS" for e in entries):
            continue
        for entry in entries:
            if written_type(entry) != "EC2_LINUX" or not may_coexist(entry, ng):
                continue
            shared = " It also serves Linux nodes: give the Windows nodes their own role." if name in linux else ""
            fix = ("Use type EC2_WINDOWS" if not entry.implicit else
                   f"Set access_entry_type = \"EC2_WINDOWS\" on {entry.address.split('.aws_eks_access_entry', 1)[0]}")
            yield RULE.finding(
                entry.type if entry.type is not None and entry.type.where() else entry.span,
                f"{entry_label(entry)} has type EC2_LINUX, but Windows nodes ({_label(ng)}) run "
                "with this role; without an EC2_WINDOWS entry kube-proxy on those nodes lacks its permissions and "
                f"Service and DNS traffic from Windows pods fails. {fix}.{shared}",
                related=[ng.span],
            )

