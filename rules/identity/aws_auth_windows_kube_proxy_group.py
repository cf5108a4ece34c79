"""aws-auth mapping of a Windows node role without `eks:kube-proxy-windows`.

## What it does
Finds the node roles of Windows nodes in the scanned configuration (eksctl node groups with a
`WindowsServer*` AMI family, Terraform node groups with a `WINDOWS_*` AMI type or a Windows AMI,
Karpenter EC2NodeClasses with a `Windows*` family or alias) and reports the aws-auth mapping of
such a role that puts it in `system:nodes` but not in `eks:kube-proxy-windows`. Roles that also
have an access entry of a node type are skipped (EKS then sets the groups), as is a mapping a
later one with the same ARN replaces.

## Why is this bad
On Windows nodes kube-proxy runs with the node's identity, and EKS binds the permissions it needs
to the group `eks:kube-proxy-windows`. Without that group kube-proxy cannot watch Services and
Endpoints: the node registers, but DNS resolution and Service traffic in Windows pods fail.
Karpenter's troubleshooting guide: "This is required for Windows DNS resolution to work"; the
EKS launch-template guide asks to add the group to the aws-auth entry of Windows node roles.

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/windows-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/windows-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes, eks:kube-proxy-windows]
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A11, citing aws/karpenter-provider-aws
  `website/content/en/docs/troubleshooting.md` ("This is required for Windows DNS resolution to work") and the EKS
  user guide `latest/ug/nodes/launch-templates.adoc` ("you must add eks:kube-proxy-windows to your AWS IAM
  Authenticator configuration map")
- terraform-aws-eks v19.21.0 `main.tf` (Windows node roles mapped with `eks:kube-proxy-windows`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import WINDOWS
from ekslint.rule import Rule
from ekslint.rules.identity._common import (
    mapped_owners,
    mapping_groups_text,
    mapping_label,
)
from ekslint.values import known_str

RULE = Rule("EKS420", "aws-auth-windows-kube-proxy-group", Severity.WARNING, tags=("identity", "aws-auth", "windows"))

GROUP = "eks:kube-proxy-windows"


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    windows = [ng for ng in model.node_groups if ng.ami_family == WINDOWS]
    for mp, ng in mapped_owners(model, windows):
        groups = mapping_groups_text(mp)
        if not groups or "system:nodes" not in groups or GROUP in groups:
            continue
        name = known_str(ng.name)
        label = f"Windows node group {name!r}" if name else "a Windows node group"
        yield RULE.finding(mp.groups_value or mp.arn or mp.span,
                           f"{mapping_label(mp)} maps the node role of {label} without the group {GROUP}: kube-proxy on "
                           "those nodes lacks its permissions and DNS and Services fail in Windows pods. Add "
                           f"{GROUP} to the groups", related=[ng.role.value])
