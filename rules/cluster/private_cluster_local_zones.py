"""`localZones` in a fully-private eksctl cluster.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true`, reports a non-empty top-level
`localZones` list.

## Why is this bad
eksctl does not create the VPC endpoints a fully-private cluster relies on in Local Zone subnets,
and refuses the file: `localZones cannot be used in a fully-private cluster`.

## Example
```yaml
privateCluster:
  enabled: true
localZones: ["us-west-2-lax-1a", "us-west-2-lax-1b"]
```

## Use instead
```yaml
privateCluster:
  enabled: true
availabilityZones: ["us-west-2a", "us-west-2b"]
```

## References
- research `domain-eksctl-nodeadm.md` §1B P07, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidatePrivateCluster`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import fully_private_clusters, non_empty

RULE = Rule("EKS114", "private-cluster-local-zones", Severity.ERROR, tags=("cluster", "network", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in fully_private_clusters(ctx):
        zones = doc.root.get("localZones")
        if non_empty(zones) and zones is not None:
            yield RULE.finding(zones.key_span or zones, "localZones cannot be used in a fully-private cluster "
                               "(privateCluster.enabled); remove localZones or disable privateCluster")
