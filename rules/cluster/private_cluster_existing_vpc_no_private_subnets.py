"""Fully-private eksctl cluster in an existing VPC without `vpc.subnets.private`.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true` and a pre-existing VPC
(`vpc.id`), reports a missing or empty `vpc.subnets.private`.

## Why is this bad
eksctl cannot choose subnets in a VPC it did not create, and a fully-private cluster uses only
private ones. It refuses the file:
`vpc.subnets.private must be specified in a fully-private cluster when a pre-existing VPC is supplied`.

## Example
```yaml
privateCluster:
  enabled: true
vpc:
  id: vpc-0a1b2c3d4e5f60718
```

## Use instead
```yaml
privateCluster:
  enabled: true
vpc:
  id: vpc-0a1b2c3d4e5f60718
  subnets:
    private:
      us-west-2a: { id: subnet-0aa11bb22cc33dd44 }
      us-west-2b: { id: subnet-0ee55ff66aa77bb88 }
```

## References
- research `domain-eksctl-nodeadm.md` §1B P05, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidatePrivateCluster`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import fully_private_clusters, non_empty

RULE = Rule("EKS113", "private-cluster-existing-vpc-no-private-subnets", Severity.ERROR,
            tags=("cluster", "network", "eksctl"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in fully_private_clusters(ctx):
        vpc_id = doc.root.get("vpc", "id")
        if vpc_id is None or not vpc_id.known or not vpc_id.value:
            continue
        private = doc.root.get("vpc", "subnets", "private")
        if private is not None and not private.known:
            continue
        if not non_empty(private):
            yield RULE.finding(
                vpc_id, "a fully-private cluster (privateCluster.enabled) in an existing VPC (vpc.id) needs its private "
                "subnets listed: add them under vpc.subnets.private")
