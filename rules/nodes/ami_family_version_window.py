"""eksctl `amiFamily` with no AMI for the cluster's Kubernetes version (Ubuntu, Windows Server).

## What it does
For eksctl node groups that let eksctl find the AMI (no `ami: ami-...`), compares the
`amiFamily` with the Kubernetes version of the cluster (`metadata.version`; when omitted, the
version `eksctl create cluster` picks) using the dated table in `ekslint.versions`:
Ubuntu2004 1.21–1.29, UbuntuPro2004 1.27–1.29, Ubuntu(Pro)2204 from 1.29, Ubuntu(Pro)2404 from
1.31, Ubuntu(Pro)2604 from 1.35, Windows Server 2022 from 1.23 and Windows Server 2025 from
1.35. AmazonLinux2 on 1.33 and later is EKS203. When `metadata.version` is omitted the finding is
a warning, since the version depends on the eksctl release.

## Why is this bad
eksctl looks the AMI up in SSM and stops: `Ubuntu2004 requires EKS version greater or equal than
1.21 and lower than 1.29`, `Ubuntu2404 requires EKS version greater or equal than 1.31`,
`Windows Server 2025 Core requires EKS version 1.35 and above`. No image is published for the
combination, so the node group cannot be created.

## Example
```yaml
metadata:
  version: "1.32"
nodeGroups:
  - name: ubuntu
    amiFamily: Ubuntu2004
```

## Use instead
```yaml
nodeGroups:
  - name: ubuntu
    amiFamily: Ubuntu2204
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, K04 `ami-family-version-window`: eksctl `userdocs/src/usage/custom-ami-support.md` (family table)
- eksctl `pkg/ami/ssm_resolver.go` `validateVersionForUbuntu`, `MakeSSMParameterName`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EKSCTL_AMI_FAMILIES, canonical_family, group_label
from ekslint.values import is_placeholder
from ekslint.versions import ami_family_window, cluster_minor, families_for, fmt

RULE = Rule("EKS225", "ami-family-version-window", Severity.ERROR, tags=("nodes", "ami", "version", "eksctl"))


def _alternatives(family: str, minor: tuple[int, int]) -> str:
    same_os = tuple(f for f in EKSCTL_AMI_FAMILIES if f[:7] == family[:7] and ("Pro" in f) == ("Pro" in family)
                    and ("Core" in f) == ("Core" in family))
    fits = [f for f in families_for(minor, same_os) if ami_family_window(f) is not None]
    return f"use {' or '.join(fits)}" if fits else "use AmazonLinux2023 or Bottlerocket"


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng in ctx.model.node_groups:
        fam_v = ng.ami_family_value
        if ng.source != "eksctl" or fam_v is None or not fam_v.is_str or is_placeholder(fam_v.value):
            continue
        family = canonical_family(fam_v.value)
        custom = ng.custom_ami.str() if ng.custom_ami is not None else None
        if family is None or family == "AmazonLinux2" or (custom and custom.startswith("ami-")):
            continue
        window = ami_family_window(family)
        resolved = cluster_minor(ng.cluster, eksctl_defaults=True)
        if window is None or resolved is None:
            continue
        minor, at, by_default = resolved
        first, last = window
        if first <= minor and (last is None or minor <= last):
            continue
        span = f"{fmt(first)}–{fmt(last)}" if last else f"{fmt(first)} and later"
        fix = _alternatives(family, minor)
        if by_default:
            yield RULE.finding(fam_v, f"{group_label(ng)}: eksctl has {family} AMIs for Kubernetes {span}, and with "
                               f"metadata.version unset `eksctl create cluster` picks {fmt(minor)}; set metadata.version "
                               f"explicitly or {fix}", severity=Severity.WARNING, related=[at] if at else [])
            continue
        yield RULE.finding(fam_v, f"{group_label(ng)}: eksctl has {family} AMIs only for Kubernetes {span}, not "
                           f"{fmt(minor)}, so the node group cannot be created; {fix}", related=[at])
