"""Fully-private eksctl cluster in a region where eksctl does not support it.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true`, warns when `metadata.region`
is `eu-south-1`.

## Why is this bad
eksctl's documentation states: "Fully-private clusters are not supported in `eu-south-1`." The
VPC endpoints eksctl creates for such a cluster must exist as endpoint services in the region;
when EC2 answers `InvalidServiceName`, eksctl stops with
`fully-private clusters are not supported in region "eu-south-1", please retry with a different region`.
It is a warning because the outcome depends on the endpoint services the region offers when the
cluster is created.

## Example
```yaml
metadata:
  name: ledger
  region: eu-south-1
privateCluster:
  enabled: true
```

## Use instead
```yaml
metadata:
  name: ledger
  region: eu-south-2
privateCluster:
  enabled: true
```

## References
- research `domain-eksctl-nodeadm.md` §1B P08, citing eksctl `userdocs/src/usage/eks-private-cluster.md`
  (warning box) and `pkg/cfn/builder/vpc_endpoint.go`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import fully_private_clusters, literal_text

RULE = Rule("EKS124", "private-cluster-unsupported-region", Severity.WARNING, tags=("cluster", "network", "eksctl"))

UNSUPPORTED = ("eu-south-1",)


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in fully_private_clusters(ctx):
        v = doc.root.get("metadata", "region")
        region = literal_text(v)
        if region in UNSUPPORTED:
            yield RULE.finding(v, f"eksctl does not support fully-private clusters (privateCluster.enabled) in "
                               f"{region}; choose another region or disable privateCluster")
