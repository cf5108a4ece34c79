"""eksctl availability zones that conflict with subnets, local zones, or are too few.

## What it does
Reports, in an eksctl ClusterConfig:

* top-level `availabilityZones` together with subnets under `vpc.subnets`;
* top-level `availabilityZones` with a single zone;
* a node group with both `subnets` and `availabilityZones`;
* a self-managed node group with both `localZones` and `availabilityZones`.

## Why is this bad
eksctl refuses the file with, respectively,
`vpc.subnets and availabilityZones cannot be set at the same time`,
`only 1 zone(s) specified [us-west-2a], 2 are required (can be non-unique)`,
`only one of nodeGroups[0].subnets or nodeGroups[0].availabilityZones should be set` and
`cannot specify both localZones and availabilityZones`. With subnets given, the zones come from
the subnets; EKS needs the control plane in at least two zones.

## Example
```yaml
availabilityZones: ["eu-west-1a"]
vpc:
  subnets:
    private:
      eu-west-1a: { id: subnet-0aa11bb22cc33dd44 }
```

## Use instead
```yaml
vpc:
  subnets:
    private:
      eu-west-1a: { id: subnet-0aa11bb22cc33dd44 }
      eu-west-1b: { id: subnet-0ee55ff66aa77bb88 }
```

## References
- research `domain-eksctl-nodeadm.md` §1C V04, citing eksctl `pkg/ctl/cmdutils/configfile.go`
  (`NewCreateClusterLoader`), `pkg/apis/eksctl.io/v1alpha5/validation.go` (`validateAvailabilityZones`,
  `validateNodeGroupBase`, `ValidateNodeGroup`) and `pkg/apis/eksctl.io/v1alpha5/vpc.go` (`MinRequiredAvailabilityZones = 2`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import eksctl_docs, node_group_entries, non_empty

RULE = Rule("EKS120", "eksctl-zones-conflict", Severity.ERROR, tags=("cluster", "network", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in eksctl_docs(ctx):
        root = doc.root
        azs = root.get("availabilityZones")
        if azs is not None and azs.is_list and azs.value:
            where = azs.key_span or azs
            if non_empty(root.get("vpc", "subnets", "private")) or non_empty(root.get("vpc", "subnets", "public")):
                yield RULE.finding(where, "availabilityZones cannot be set together with vpc.subnets (the zones come "
                                   "from the subnets); remove availabilityZones")
            elif len(azs.value) == 1:
                yield RULE.finding(where, "availabilityZones lists a single zone and eksctl requires at least 2; add a "
                                   "second zone")
        for path, ng in node_group_entries(root):
            ng_azs = ng.get("availabilityZones")
            if not non_empty(ng_azs) or ng_azs is None:
                continue
            if non_empty(ng.get("subnets")):
                yield RULE.finding(ng_azs.key_span or ng_azs, f"only one of {path}.subnets or {path}.availabilityZones "
                                   "may be set; remove one of them")
            if path.startswith("nodeGroups") and non_empty(ng.get("localZones")):
                yield RULE.finding(ng_azs.key_span or ng_azs, f"{path} cannot set both localZones and "
                                   "availabilityZones; remove one of them")
