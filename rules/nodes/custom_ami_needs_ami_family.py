"""eksctl node group with a custom `ami` but no `amiFamily`.

## What it does
Reports eksctl `nodeGroups` and `managedNodeGroups` entries (without a `launchTemplate`) that set
`ami: ami-...` and leave `amiFamily` out.

## Why is this bad
eksctl cannot tell how to bootstrap an image it did not choose, and rejects the file: `when using
a custom AMI, amiFamily needs to be explicitly set via config file or via --node-ami-family
flag`. eksctl's default family (AmazonLinux2023) only applies when eksctl picks the AMI.

## Example
```yaml
nodeGroups:
  - name: hardened
    ami: ami-0c2b8ca1dad447f8a
```

## Use instead
```yaml
nodeGroups:
  - name: hardened
    ami: ami-0c2b8ca1dad447f8a
    amiFamily: AmazonLinux2023      # the family the image was built from
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B01 `custom-ami-needs-ami-family`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateNodeGroup`, `ValidateManagedNodeGroup`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import eksctl_groups

RULE = Rule("EKS209", "custom-ami-needs-ami-family", Severity.ERROR, tags=("nodes", "ami", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        if g.custom_ami is None or g.family != "":
            continue
        if g.managed and g.has("launchTemplate"):
            continue  # reported by the launch-template rule
        yield RULE.finding(g.get("ami"), f"{g.label} sets a custom ami but no amiFamily, and eksctl refuses that; add "
                           "`amiFamily:` with the family the image is built from (e.g. AmazonLinux2023)")
