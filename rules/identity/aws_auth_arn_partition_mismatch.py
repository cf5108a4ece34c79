"""aws-auth ARN in another AWS partition than the cluster.

## What it does
Compares the partition of each aws-auth `rolearn` / `userarn` (`arn:aws:`, `arn:aws-cn:`,
`arn:aws-us-gov:`, ...) with the partition of the cluster's region (`cn-*` → `aws-cn`,
`us-gov-*` → `aws-us-gov`, the ISO regions, else `aws`). The cluster is the eksctl cluster of the
same file, the terraform-aws-eks cluster of the same module call, or the only cluster of the
scanned tree; nothing is reported when the region or the ARN is unknown or a placeholder.

## Why is this bad
The authenticator compares the caller's ARN, which always carries the cluster's partition, with
`rolearn` as a whole string (ignoring case only). An ARN copied from a commercial-region example
into a China or GovCloud cluster (`arn:aws:iam::...` instead of `arn:aws-cn:iam::...`) never
matches: nodes get `Unauthorized` and users are refused. Reported as a warning because the
outcome is inferred from the comparison, not quoted from a source.

## Example
```yaml
# cluster in cn-north-1
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
mapRoles: |
  - rolearn: arn:aws-cn:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```
In Terraform, build ARNs with `data.aws_partition.current.partition`.

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A13 (inferred there from the case-insensitive
  whole-string comparison), citing kubernetes-sigs/aws-iam-authenticator `pkg/arn/arn.go` and
  `pkg/mapper/configmap/configmap.go`
- eksctl `pkg/apis/eksctl.io/v1alpha5/partitions.go` (region → partition, via `ekslint.regions`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint import assume
from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.regions import partition_of
from ekslint.rule import Rule
from ekslint.rules.identity._common import arn_partition, auth_cluster, auth_mode_of, clean, mapping_label
from ekslint.values import known_str, text_of

RULE = Rule("EKS417", "aws-auth-arn-partition-mismatch", Severity.WARNING, tags=("identity", "aws-auth", "region"))


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    for auth in model.aws_auth:
        cluster = auth_cluster(model, auth)
        if auth_mode_of(model, auth) == "API":
            continue
        region = clean(known_str(cluster.region)) if cluster is not None else None
        want = partition_of(region)
        if want is None and (cluster is None or cluster.region is None):
            want = assume.partition()  # `assume: partition` of the config
            region = "the partition assumed in the configuration"
        if want is None:
            continue
        for mp in auth.mappings:
            if mp.kind == "account" or mp.arn is None:
                continue
            text = text_of(mp.arn)
            have = arn_partition(text)
            if have is None or have == want:
                continue
            fixed = f"arn:{want}:" + text.split(":", 2)[2] if text and clean(text) else f"arn:{want}:..."
            yield RULE.finding(mp.arn, f"{mapping_label(mp)} is in partition {have}, but the cluster is in {region} "
                               f"(partition {want}); callers' ARNs there start with arn:{want}: and never match this "
                               f"mapping. Use {fixed}", related=[cluster.region if cluster is not None else None])
