"""eksctl custom AMI of a script-bootstrapped family without `overrideBootstrapCommand`.

## What it does
Reports eksctl node groups with `ami: ami-...` whose `amiFamily` is bootstrapped by a script
(AmazonLinux2 or an Ubuntu family) and that do not set `overrideBootstrapCommand`.
AmazonLinux2023 (nodeadm), Bottlerocket and, for self-managed groups, Windows need none.

## Why is this bad
eksctl does not know how your image starts kubelet and refuses the file:
`nodeGroups[0].overrideBootstrapCommand is required when using a custom AMI based on
AmazonLinux2 (nodeGroups[0].ami)`.

## Example
```yaml
nodeGroups:
  - name: hardened
    ami: ami-0c2b8ca1dad447f8a
    amiFamily: AmazonLinux2
```

## Use instead
```yaml
nodeGroups:
  - name: hardened
    ami: ami-0c2b8ca1dad447f8a
    amiFamily: AmazonLinux2
    overrideBootstrapCommand: |
      #!/bin/bash
      source /var/lib/cloud/scripts/eksctl/bootstrap.helper.sh
      /etc/eks/bootstrap.sh my-cluster --kubelet-extra-args "--node-labels=${NODE_LABELS}"
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B02 `custom-ami-needs-override-bootstrap`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateNodeGroup`, `ValidateManagedNodeGroup`
- eksctl `userdocs/src/usage/custom-ami-support.md`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import eksctl_groups, is_bottlerocket, is_ubuntu, is_windows

RULE = Rule("EKS210", "custom-ami-needs-override-bootstrap", Severity.ERROR, tags=("nodes", "ami", "bootstrap", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        family = g.family
        if g.custom_ami is None or not family or g.has("overrideBootstrapCommand"):
            continue
        if family == "AmazonLinux2023" or is_bottlerocket(family) or is_windows(family):
            continue  # Windows on managed node groups: not a supported custom-AMI family at all (EKS218)
        if g.managed and (g.has("launchTemplate") or not (family == "AmazonLinux2" or is_ubuntu(family))):
            continue
        yield RULE.finding(
            g.get("ami"),
            f"{g.label} uses a custom {family} AMI without overrideBootstrapCommand, and eksctl refuses that; add an "
            f"overrideBootstrapCommand that runs /etc/eks/bootstrap.sh {g.cluster_name}, or use amiFamily: AmazonLinux2023 "
            "(nodeadm needs no script)",
        )

