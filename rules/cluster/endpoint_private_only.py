"""eksctl cluster whose API endpoint is private only.

## What it does
Reports an eksctl ClusterConfig (not fully-private, not on Outposts) with
`vpc.clusterEndpoints.publicAccess: false` and `privateAccess: true`.

## Why is this bad
It is a valid setup, but everything that talks to the API server afterwards (later `eksctl`
commands, `kubectl`, CI jobs, Helm) has to run from inside the VPC or a network connected to it.
eksctl warns about it at creation: "having public access disallowed will subsequently interfere
with some features of eksctl. This will require running subsequent eksctl (and Kubernetes)
commands/API calls from within the VPC." Nodes are not affected: they use the private endpoint.

## Example
```yaml
vpc:
  clusterEndpoints:
    publicAccess: false
    privateAccess: true
```

## Use instead
```yaml
vpc:
  clusterEndpoints:
    publicAccess: true
    privateAccess: true
  publicAccessCIDRs: ["203.0.113.0/24"]
```

## References
- research `domain-eksctl-nodeadm.md` §1C V02, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go`
  (`ErrClusterEndpointPrivateOnly`, `PrivateOnly`) and `pkg/ctl/create/cluster.go`
- https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import endpoint_access

RULE = Rule("EKS123", "endpoint-private-only", Severity.NOTE, tags=("cluster", "network", "endpoint", "eksctl"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for cluster in ctx.model.clusters:
        if cluster.source != "eksctl" or endpoint_access(cluster) != (False, True):
            continue
        yield RULE.finding(
            cluster.endpoint_public_access or cluster.span,
            "the API endpoint is private only: later eksctl, kubectl and CI calls must run from inside the VPC; "
            "keep it if that is intended, or enable publicAccess restricted with vpc.publicAccessCIDRs")
