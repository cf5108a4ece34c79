"""Public subnets given for a fully-private eksctl cluster.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true`, reports a non-empty
`vpc.subnets.public`.

## Why is this bad
A fully-private cluster runs without internet access; its nodes and endpoints live in private
subnets only. eksctl documents this as a hard rule: "Only private subnets can be specified and
it's an error to specify subnets under `vpc.subnets.public`." The current eksctl validation code
does not enforce it: for a VPC that eksctl creates the public subnets are silently not created,
and for a pre-existing VPC they are imported into a cluster that is meant to have no internet
path. Either way the file does not describe what will be deployed, so ekslint reports it as a
warning. With a pre-existing VPC, list the subnets under `vpc.subnets.private` instead.

## Example
```yaml
privateCluster:
  enabled: true
vpc:
  id: vpc-0a1b2c3d4e5f60718
  subnets:
    public:
      us-west-2a: { id: subnet-0aa11bb22cc33dd44 }
    private:
      us-west-2b: { id: subnet-0ee55ff66aa77bb88 }
```

## Use instead
```yaml
privateCluster:
  enabled: true
vpc:
  id: vpc-0a1b2c3d4e5f60718
  subnets:
    private:
      us-west-2a: { id: subnet-0cc99dd00ee11ff22 }
      us-west-2b: { id: subnet-0ee55ff66aa77bb88 }
```

## References
- https://eksctl.io/usage/eks-private-cluster/ (section "User-supplied VPC and subnets")
- eksctl `userdocs/src/usage/eks-private-cluster.md`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import fully_private_clusters

RULE = Rule("EKS105", "private-cluster-public-subnets", Severity.WARNING, tags=("cluster", "network", "eksctl"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in fully_private_clusters(ctx):
        public = doc.root.get("vpc", "subnets", "public")
        if public is None or not public.is_map or not public.value:
            continue
        yield RULE.finding(
            public.key_span or public,
            "vpc.subnets.public is not allowed in a fully-private cluster (privateCluster.enabled; eksctl documents it "
            "as an error). Remove vpc.subnets.public and list only private subnets under vpc.subnets.private",
        )
