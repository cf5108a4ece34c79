"""eksctl node group root-volume options that eksctl refuses.

## What it does
Checks `volumeType`, `volumeIOPS`, `volumeThroughput`, `volumeName`, `volumeEncrypted` and
`volumeKmsKeyID` of eksctl node groups: IOPS only for `io1`, `io2`, `gp3` (gp3 3000–16000, io1
100–64000, io2 100–256000); throughput only for `gp3`, 125–1000 MiB/s; `volumeName`,
`volumeEncrypted: true` and `volumeKmsKeyID` need `volumeSize` (on `nodeGroups`, and on managed node groups with a
`launchTemplate`: otherwise eksctl fills in 80 GiB first); `volumeKmsKeyID` needs
`volumeEncrypted: true`. An omitted `volumeType` is gp3 (eksctl's default).

## Why is this bad
eksctl refuses the file: `nodeGroups[0].volumeIOPS is only supported for io1, io2 and gp3 volume
types`, `value for nodeGroups[0].volumeIOPS must be within range 3000-16000`,
`nodeGroups[0].volumeThroughput is only supported for gp3 volume type`,
`nodeGroups[0].volumeKmsKeyID can not be set without nodeGroups[0].volumeEncrypted enabled
explicitly`, `nodeGroups[0].volumeEncrypted cannot be set without nodeGroups[0].volumeSize`.

## Example
```yaml
nodeGroups:
  - name: db
    volumeType: gp2
    volumeIOPS: 6000
    volumeKmsKeyID: 0a1b2c3d-aaaa-bbbb-cccc-0123456789ab
```

## Use instead
```yaml
nodeGroups:
  - name: db
    volumeSize: 200
    volumeType: gp3
    volumeIOPS: 6000
    volumeEncrypted: true
    volumeKmsKeyID: 0a1b2c3d-aaaa-bbbb-cccc-0123456789ab
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G07 `volume-options`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `validateVolumeOpts`, `validateNodeGroupBase`; `types.go` volume defaults
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EksctlGroup, eksctl_groups, known_int
from ekslint.values import V, is_placeholder

RULE = Rule("EKS221", "volume-options-invalid", Severity.ERROR, tags=("nodes", "storage", "eksctl"), precision="very-high")

IOPS_RANGE = {"gp3": (3000, 16000), "io1": (100, 64000), "io2": (100, 256000)}
THROUGHPUT_RANGE = (125, 1000)


def _problems(g: EksctlGroup) -> Iterator[tuple[V, str]]:
    vtype_v = g.get("volumeType")
    vtype = vtype_v.str() if vtype_v is not None else "gp3"
    if vtype is not None and is_placeholder(vtype):
        vtype = None
    iops_v, tp_v = g.get("volumeIOPS"), g.get("volumeThroughput")
    iops, tp = known_int(iops_v), known_int(tp_v)
    if vtype is not None:
        if iops_v is not None and g.has("volumeIOPS") and vtype not in IOPS_RANGE:
            yield iops_v, f"volumeIOPS only applies to io1, io2 and gp3 volumes, not {vtype}; use volumeType: gp3 or remove volumeIOPS"
        elif iops is not None and vtype in IOPS_RANGE:
            lo, hi = IOPS_RANGE[vtype]
            if not lo <= iops <= hi:
                yield iops_v, f"volumeIOPS {iops} is outside {lo}-{hi} for {vtype}; choose a value in that range"
        if tp_v is not None and g.has("volumeThroughput") and vtype != "gp3":
            yield tp_v, f"volumeThroughput only applies to gp3 volumes, not {vtype}; use volumeType: gp3 or remove it"
        elif tp is not None and vtype == "gp3" and not THROUGHPUT_RANGE[0] <= tp <= THROUGHPUT_RANGE[1]:
            yield tp_v, f"volumeThroughput {tp} is outside {THROUGHPUT_RANGE[0]}-{THROUGHPUT_RANGE[1]} MiB/s; choose a value in that range"
    kms = g.get("volumeKmsKeyID")
    # managed node groups get eksctl's default volumeSize before validation, unless a launch template is used
    if not g.has("volumeSize") and (not g.managed or g.has("launchTemplate")):
        for field, present in (("volumeName", bool(g.ng.str("volumeName"))), ("volumeEncrypted", g.is_true("volumeEncrypted")),
                               ("volumeKmsKeyID", bool(g.ng.str("volumeKmsKeyID")))):
            if present:
                v = g.get(field)
                yield v, f"{field} cannot be set without volumeSize; add volumeSize (eksctl's default is 80)"
                return
    if kms is not None and kms.str() and not g.is_true("volumeEncrypted"):
        yield kms, "volumeKmsKeyID needs volumeEncrypted: true; add it"


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        for where, message in _problems(g):
            yield RULE.finding(where, f"{g.label}: {message} (eksctl refuses the file)")
