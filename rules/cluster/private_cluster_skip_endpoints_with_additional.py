"""`skipEndpointCreation: true` combined with `additionalEndpointServices` in a fully-private cluster.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true`, reports
`privateCluster.additionalEndpointServices` when `privateCluster.skipEndpointCreation` is true.

## Why is this bad
`skipEndpointCreation` tells eksctl to create no VPC endpoints at all, so asking for extra ones
contradicts it. eksctl refuses the file:
`privateCluster.additionalEndpointServices cannot be set when privateCluster.skipEndpointCreation is true`.

## Example
```yaml
privateCluster:
  enabled: true
  skipEndpointCreation: true
  additionalEndpointServices:
    - autoscaling
```

## Use instead
```yaml
privateCluster:
  enabled: true
  skipEndpointCreation: true   # create the autoscaling endpoint with the other endpoints yourself
```
or drop `skipEndpointCreation` and let eksctl create the endpoints.

## References
- eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidatePrivateCluster`
- https://eksctl.io/usage/eks-private-cluster/ ("this setting cannot be used together with `additionalEndpointServices`")
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS102", "private-cluster-skip-endpoints-with-additional", Severity.ERROR,
            tags=("cluster", "network", "eksctl"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in ctx.documents_of(EKSCTL):
        pc = doc.root.get("privateCluster")
        if pc is None or not pc.is_map:
            continue
        enabled, skip, extra = pc.get("enabled"), pc.get("skipEndpointCreation"), pc.get("additionalEndpointServices")
        if enabled is None or enabled.value is not True or skip is None or skip.value is not True:
            continue
        if extra is None or not extra.is_list or not extra.value:
            continue
        yield RULE.finding(
            extra.key_span or extra,
            "privateCluster.additionalEndpointServices cannot be combined with skipEndpointCreation: true (eksctl "
            "rejects the file); remove additionalEndpointServices and create those endpoints yourself, or drop "
            "skipEndpointCreation",
            related=[skip],
        )
