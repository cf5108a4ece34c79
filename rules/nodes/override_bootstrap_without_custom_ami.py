"""eksctl managed node group with `overrideBootstrapCommand` but no custom AMI.

## What it does
Reports `managedNodeGroups` entries that set `overrideBootstrapCommand` without `ami` and
without `launchTemplate`, when the family is not AmazonLinux2023 (for AL2023 the override is a
NodeConfig that eksctl merges into the user data).

## Why is this bad
For an EKS-optimized AMI the EKS service writes the bootstrap itself, so there is nothing to
override; eksctl refuses the file: `managedNodeGroups[0].overrideBootstrapCommand can only be set
when a custom AMI (managedNodeGroups[0].ami) is specified`.

## Example
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2
    overrideBootstrapCommand: |
      #!/bin/bash
      /etc/eks/bootstrap.sh prod --kubelet-extra-args '--max-pods=110'
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2
    maxPodsPerNode: 110          # or preBootstrapCommands for extra setup
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B03 `override-bootstrap-without-custom-ami`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateManagedNodeGroup`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import eksctl_groups

RULE = Rule("EKS211", "override-bootstrap-without-custom-ami", Severity.ERROR, tags=("nodes", "bootstrap", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        if not g.managed or not g.has("overrideBootstrapCommand") or g.has("launchTemplate") or g.has("ami"):
            continue
        family = g.family
        if family is None or family == "AmazonLinux2023":
            continue
        if family.startswith("WindowsServer") or family.startswith("Bottlerocket"):
            continue  # not supported for these families at all: EKS213
        override = g.get("overrideBootstrapCommand")
        yield RULE.finding(override.key_span or override,
                           f"{g.label}: overrideBootstrapCommand only works with a custom ami on managed node groups "
                           "(EKS bootstraps its own AMIs), and eksctl refuses it; remove it and use "
                           "preBootstrapCommands / maxPodsPerNode / labels, or set `ami:` to your own image")
