"""eksctl `amiFamily` that eksctl does not support.

## What it does
Checks `amiFamily` of every eksctl `nodeGroups` / `managedNodeGroups` entry against the families
eksctl supports (`AmazonLinux2023`, `AmazonLinux2`, `Bottlerocket`, `BottlerocketFips`, the
`Ubuntu*` / `UbuntuPro*` releases and the `WindowsServer20xx{Core,Full}Container` families),
and names the closest valid family. eksctl compares case-insensitively, so a value that differs
only in case is accepted; it is reported as a note.

## Why is this bad
eksctl rejects the file: `AMI Family AmazonLinux2O23 is not supported - use one of: ...`. The
retired Windows families (`WindowsServer2004CoreContainer`, `WindowsServer20H2CoreContainer`)
fail with `AMI Family ... is deprecated`.

## Example
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2023-arm
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2023   # the architecture follows the instance type
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, K03 `ami-family-unknown`: eksctl `pkg/apis/eksctl.io/v1alpha5/types.go` `SupportedAMIFamilies`; `validation.go` `validateNodeGroupBase`, `normalizeAMIFamily`
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EKSCTL_AMI_FAMILIES, EKSCTL_DEPRECATED_FAMILIES, canonical_family, eksctl_groups
from ekslint.values import is_placeholder

RULE = Rule("EKS208", "ami-family-unknown", Severity.ERROR, tags=("nodes", "ami", "eksctl"), precision="very-high")


def _closest(text: str) -> str:
    lowered = {f.lower(): f for f in EKSCTL_AMI_FAMILIES}
    match = difflib.get_close_matches(text.lower(), list(lowered), n=1, cutoff=0.0)
    return lowered[match[0]] if match else "AmazonLinux2023"


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        v = g.get("amiFamily")
        text = v.str() if v is not None else None
        if not text or is_placeholder(text):
            continue
        canon = canonical_family(text)
        if canon == text:
            continue
        if canon is not None:
            yield RULE.finding(v, f"{g.label}: amiFamily {text!r} is accepted (eksctl ignores case) but is spelled "
                               f"{canon!r}; write {canon}", severity=Severity.NOTE)
        elif text in EKSCTL_DEPRECATED_FAMILIES:
            yield RULE.finding(v, f"{g.label}: amiFamily {text} is deprecated and eksctl rejects it; use "
                               "WindowsServer2022CoreContainer (or another supported Windows Server release)")
        else:
            yield RULE.finding(v, f"{g.label}: amiFamily {text!r} is not supported by eksctl; did you mean "
                               f"{_closest(text)!r}? (supported: {', '.join(EKSCTL_AMI_FAMILIES)})")
