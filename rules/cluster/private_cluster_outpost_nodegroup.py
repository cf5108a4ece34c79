"""Node group on AWS Outposts in a fully-private eksctl cluster whose control plane is in the region.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true` and no `outpost` section (the
control plane runs in the AWS Region), reports `nodeGroups[].outpostARN`.

## Why is this bad
eksctl supports nodes on an Outpost for a fully-private cluster only when the control plane is on
that Outpost too (a local cluster). It refuses the file:
`nodeGroup.outpostARN is not supported on a fully-private cluster (privateCluster.enabled)`.

## Example
```yaml
privateCluster:
  enabled: true
nodeGroups:
  - name: edge
    privateNetworking: true
    outpostARN: arn:aws:outposts:us-west-2:111122223333:outpost/op-0abcdef1234567890
```

## Use instead
```yaml
privateCluster:
  enabled: true
outpost:
  controlPlaneOutpostARN: arn:aws:outposts:us-west-2:111122223333:outpost/op-0abcdef1234567890
  controlPlaneInstanceType: m5d.large
nodeGroups:
  - name: edge
    privateNetworking: true
```

## References
- research `domain-eksctl-nodeadm.md` §1B P09, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateClusterConfig`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import fully_private_clusters
from ekslint.values import V

RULE = Rule("EKS115", "private-cluster-outpost-nodegroup", Severity.ERROR, tags=("cluster", "network", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in fully_private_clusters(ctx):
        outpost = doc.root.get("outpost")
        if outpost is not None and (not outpost.known or outpost.value is not None):
            continue  # control plane on Outposts (or a malformed `outpost`, reported elsewhere)
        for ng in (doc.root.get("nodeGroups") or V([], None)).list():
            arn = ng.get("outpostARN")
            if arn is not None and arn.known and arn.value:
                yield RULE.finding(
                    arn, "nodeGroups[].outpostARN is not supported on a fully-private cluster whose control plane runs "
                    "in the region; remove outpostARN, or put the control plane on the Outpost (outpost.controlPlaneOutpostARN)")
