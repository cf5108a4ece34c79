"""eksctl `vpc` settings that eksctl refuses in combination.

## What it does
Reports, in an eksctl ClusterConfig:

* `vpc.securityGroup` together with `vpc.controlPlaneSecurityGroupIDs`;
* `vpc.hostnameType` with subnets given, or with a value other than `ip-name` / `resource-name`;
* `vpc.manageSharedNodeSecurityGroupRules: false` without `vpc.sharedNodeSecurityGroup`;
* `vpc.controlPlaneOnPrivateSubnets: true` together with `vpc.controlPlaneSubnetIDs`, or with
  fewer than two private subnets or availability zones;
* `localZones` with a pre-existing VPC (`vpc.id`) or with a `HighlyAvailable` NAT gateway;
* `vpc.extraCIDRs` entries that are not CIDR blocks.

## Why is this bad
eksctl stops before creating anything, with messages such as
`only one of vpc.securityGroup and vpc.controlPlaneSecurityGroupIDs can be specified`,
`vpc.hostnameType is not supported with a pre-existing VPC`,
`invalid value "ipname" for vpc.hostnameType; supported values are [ip-name resource-name]`,
`vpc.manageSharedNodeSecurityGroupRules must be enabled when using eksctl-managed security groups`,
`only one of vpc.controlPlaneSubnetIDs and vpc.controlPlaneOnPrivateSubnets can be specified`,
`vpc.controlPlaneOnPrivateSubnets requires at least 2 private subnets, got 1`,
`localZones are not supported with a pre-existing VPC` or
`HighlyAvailable NAT gateway is not supported for localZones`.

## Example
```yaml
vpc:
  id: vpc-0a1b2c3d4e5f60718
  hostnameType: resource-name
  subnets:
    private:
      eu-west-1a: { id: subnet-0aa11bb22cc33dd44 }
      eu-west-1b: { id: subnet-0ee55ff66aa77bb88 }
```

## Use instead
```yaml
vpc:
  id: vpc-0a1b2c3d4e5f60718
  subnets:
    private:
      eu-west-1a: { id: subnet-0aa11bb22cc33dd44 }
      eu-west-1b: { id: subnet-0ee55ff66aa77bb88 }
```

## References
- research `domain-eksctl-nodeadm.md` §1C V08, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go`
  (`ValidateVPCConfig`, `validateControlPlaneOnPrivateSubnets`, `validateCIDRs`); EC2 `HostnameType`
  values from the AWS SDK enum
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import eksctl_docs, literal_text, non_empty, parse_cidr, written_bool
from ekslint.values import V

RULE = Rule("EKS122", "eksctl-vpc-conflicts", Severity.ERROR, tags=("cluster", "network", "eksctl"),
            precision="very-high")

HOSTNAME_TYPES = ("ip-name", "resource-name")


def _has_subnets(vpc: V) -> bool:
    return non_empty(vpc.get("subnets", "private")) or non_empty(vpc.get("subnets", "public"))


def _control_plane_private(root: V, vpc: V) -> Iterator[Finding | None]:
    flag = vpc.get("controlPlaneOnPrivateSubnets")
    if written_bool(flag) is not True or flag is None:
        return
    if non_empty(vpc.get("controlPlaneSubnetIDs")):
        yield RULE.finding(flag, "only one of vpc.controlPlaneSubnetIDs and vpc.controlPlaneOnPrivateSubnets can be "
                           "set; remove one")
        return
    if root.str("outpost", "controlPlaneOutpostARN"):
        return
    subnets = vpc.get("subnets")
    if subnets is None or subnets.value is None:
        azs = root.get("availabilityZones")
        names = {a.value for a in azs.list() if a.is_str} if azs is not None else set()
        if names and len(names) < 2:
            yield RULE.finding(flag, "vpc.controlPlaneOnPrivateSubnets needs at least 2 distinct availability zones; "
                               "list two different zones in availabilityZones")
        return
    private = subnets.get("private")
    if private is not None and not private.known:
        return
    entries = list(private.items()) if private is not None else []
    if len(entries) < 2:
        yield RULE.finding(flag, f"vpc.controlPlaneOnPrivateSubnets needs at least 2 private subnets, got {len(entries)}; "
                           "list them under vpc.subnets.private")
        return
    zones = {(spec.str("az") or key) for key, spec in entries}
    if len(zones) < 2:
        yield RULE.finding(flag, "vpc.controlPlaneOnPrivateSubnets needs private subnets in at least 2 availability "
                           "zones; add a private subnet in another zone")


def _checks(root: V, vpc: V) -> Iterator[Finding | None]:
    sg = vpc.get("securityGroup")
    if literal_text(sg) and non_empty(vpc.get("controlPlaneSecurityGroupIDs")):
        yield RULE.finding(sg, "only one of vpc.securityGroup and vpc.controlPlaneSecurityGroupIDs can be set; "
                           "remove one")
    host = vpc.get("hostnameType")
    host_text = literal_text(host)
    if host_text:
        if _has_subnets(vpc):
            yield RULE.finding(host, "vpc.hostnameType is not supported with a pre-existing VPC (vpc.subnets); set the "
                               "hostname type on the subnets instead and remove it here")
        elif host_text not in HOSTNAME_TYPES:
            yield RULE.finding(host, f"vpc.hostnameType `{host_text}` is not valid; use `ip-name` or `resource-name`")
    manage = vpc.get("manageSharedNodeSecurityGroupRules")
    if written_bool(manage) is False and not literal_text(vpc.get("sharedNodeSecurityGroup")) \
            and vpc.get("sharedNodeSecurityGroup") is None:
        yield RULE.finding(manage, "vpc.manageSharedNodeSecurityGroupRules can only be false with your own "
                           "vpc.sharedNodeSecurityGroup; set sharedNodeSecurityGroup or remove this line")
    yield from _control_plane_private(root, vpc)
    zones = root.get("localZones")
    if non_empty(zones) and zones is not None:
        if literal_text(vpc.get("id")):
            yield RULE.finding(zones.key_span or zones, "localZones are not supported with a pre-existing VPC (vpc.id); "
                               "remove localZones or let eksctl create the VPC")
        gw = vpc.get("nat", "gateway")
        if literal_text(gw) == "HighlyAvailable":
            yield RULE.finding(gw, "a HighlyAvailable NAT gateway is not supported with localZones; use `Single`")
    for item in (vpc.get("extraCIDRs") or V([], None)).list():
        text = literal_text(item)
        if text and parse_cidr(text) is None:
            yield RULE.finding(item, f"vpc.extraCIDRs entry `{text}` is not a CIDR block; write it as address/prefix")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in eksctl_docs(ctx):
        vpc = doc.root.get("vpc")
        if vpc is None or not vpc.is_map:
            continue
        yield from _checks(doc.root, vpc)
