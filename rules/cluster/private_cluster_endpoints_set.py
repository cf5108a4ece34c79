"""`vpc.clusterEndpoints` set in a fully-private eksctl cluster.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true`, reports
`vpc.clusterEndpoints.publicAccess` and `vpc.clusterEndpoints.privateAccess` (whatever their
value).

## Why is this bad
A fully-private cluster's API endpoint is private-only, and eksctl manages the endpoint access
itself. `eksctl create cluster` refuses the file:
`vpc.clusterEndpoints cannot be set for a fully-private cluster (privateCluster.enabled) as the endpoint access defaults to private-only`.

## Example
```yaml
privateCluster:
  enabled: true
vpc:
  clusterEndpoints:
    publicAccess: false
    privateAccess: true
```

## Use instead
```yaml
privateCluster:
  enabled: true
vpc: {}
```

## References
- eksctl `pkg/ctl/cmdutils/configfile.go` `NewCreateClusterLoader` (`hasEndpointAccess`)
- https://eksctl.io/usage/eks-private-cluster/ ("It is an error to set either `clusterEndpoints.publicAccess` or `clusterEndpoints.privateAccess`")
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import fully_private_clusters

RULE = Rule("EKS104", "private-cluster-endpoints-set", Severity.ERROR, tags=("cluster", "network", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in fully_private_clusters(ctx):
        endpoints = doc.root.get("vpc", "clusterEndpoints")
        if endpoints is None or not endpoints.is_map:
            continue
        for key in ("publicAccess", "privateAccess"):
            v = endpoints.get(key)
            if v is None or v.value is None:  # `key:` with no value leaves the Go pointer nil
                continue
            yield RULE.finding(
                v.key_span or v,
                f"vpc.clusterEndpoints.{key} cannot be set in a fully-private cluster (privateCluster.enabled): eksctl "
                "rejects the file and makes the endpoint private-only itself; remove vpc.clusterEndpoints",
            )
