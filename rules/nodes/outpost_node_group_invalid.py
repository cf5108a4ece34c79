"""eksctl node groups that an EKS local cluster on AWS Outposts cannot run.

## What it does
When the control plane runs on an Outpost (`outpost.controlPlaneOutpostARN`), reports
`managedNodeGroups` (not supported), and `nodeGroups` with a `volumeType` other than `gp2`, an
`amiFamily` other than AmazonLinux2 / AmazonLinux2023, an `outpostARN` that differs from the
control plane's, or `instanceSelector`, `availabilityZones` or `localZones` (the zone is the
Outpost's). The last three are also reported for any node group that sets `outpostARN`.

## Why is this bad
eksctl refuses the file: `Managed Nodegroups are not supported on Outposts`, `cannot set "gp3" for
nodeGroups[0].volumeType; only "gp2" volume types are supported on Outposts`, `only AmazonLinux2
and AmazonLinux2023 is supported on local clusters`, `nodeGroup.outpostARN must either be empty or
match the control plane's Outpost ARN`, `availabilityZones cannot be specified for a nodegroup on
Outposts; the AZ defaults to the Outpost AZ`.

## Example
```yaml
outpost:
  controlPlaneOutpostARN: arn:aws:outposts:us-west-2:111122223333:outpost/op-0a1b2c3d4e5f60718
nodeGroups:
  - name: workers
    volumeType: gp3
    amiFamily: Bottlerocket
```

## Use instead
```yaml
nodeGroups:
  - name: workers
    volumeType: gp2
    amiFamily: AmazonLinux2023
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G09 `outposts-node-constraints`: eksctl `pkg/ctl/cmdutils/configfile.go`; `pkg/apis/eksctl.io/v1alpha5/validation.go` `validateVolumeOpts`, `validateNodeGroupBase`, `ValidateNodeGroup`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EksctlGroup, eksctl_groups, is_amazon_linux
from ekslint.values import V, is_placeholder

RULE = Rule("EKS223", "outpost-node-group-invalid", Severity.ERROR, tags=("nodes", "outposts", "eksctl"),
            precision="very-high")


def _non_empty(v: V | None) -> bool:
    return v is not None and v.known and v.value not in (None, "", [], {})


def _problems(g: EksctlGroup, cp_arn: str | None) -> Iterator[tuple[V, str]]:
    if cp_arn is not None:
        if g.managed:
            name = g.get("name") or g.ng
            yield name, "managed node groups are not supported on Outposts; use a nodeGroups entry"
            return
        vtype = g.get("volumeType")
        if vtype is not None and vtype.str() and vtype.str() != "gp2" and not is_placeholder(vtype.str()):
            yield vtype, f"volumeType {vtype.str()} is not available on Outposts; use volumeType: gp2"
        fam = g.get("amiFamily")
        if fam is not None and g.family and not is_amazon_linux(g.family):
            yield fam, f"amiFamily {g.family} is not supported on local clusters; use AmazonLinux2023"
        arn = g.get("outpostARN")
        if arn is not None and arn.str() and not is_placeholder(arn.str()) and arn.str() != cp_arn:
            yield arn, "outpostARN must match outpost.controlPlaneOutpostARN; remove it (it defaults to that Outpost)"
    if cp_arn is not None or (not g.managed and g.ng.str("outpostARN")):
        for field in ("instanceSelector", "availabilityZones", "localZones"):
            v = g.get(field)
            if not g.managed and _non_empty(v):
                yield v, f"{field} cannot be used for a node group on Outposts (the zone is the Outpost's); remove it"


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        cp = g.doc.root.str("outpost", "controlPlaneOutpostARN")
        cp_arn = cp if cp and not is_placeholder(cp) else None
        for where, message in _problems(g, cp_arn):
            yield RULE.finding(where.key_span or where, f"{g.label}: {message} (eksctl refuses the file)")
