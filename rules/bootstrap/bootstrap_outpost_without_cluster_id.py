"""`/etc/eks/bootstrap.sh --enable-local-outpost true` without `--cluster-id` when DescribeCluster is skipped.

## What it does
Reports a bootstrap.sh call with `--enable-local-outpost true` that passes `--apiserver-endpoint`
and `--b64-cluster-ca` (so the script does not read the cluster id from DescribeCluster) but
no `--cluster-id`.

## Why is this bad
Nodes of a local cluster on Outposts authenticate with the cluster id; the script stops with
`ERROR: Cluster ID is required when local outpost support is enabled` and the node never joins.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --enable-local-outpost true --apiserver-endpoint "$ENDPOINT" --b64-cluster-ca "$CA"
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster --enable-local-outpost true --cluster-id "$CLUSTER_ID" \
  --apiserver-endpoint "$ENDPOINT" --b64-cluster-ca "$CA"
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S08, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (`ERROR: Cluster ID is required when local outpost support is enabled`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls

RULE = Rule("EKS323", "bootstrap-outpost-without-cluster-id", Severity.ERROR, tags=("bootstrap", "al2", "outposts"),
            precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        if args.known("--enable-local-outpost") != "true" or args.opaque or args.given("--cluster-id"):
            continue
        if not args.skips_describe_cluster:
            continue
        yield RULE.finding(
            args.flags["--enable-local-outpost"][0],
            "--enable-local-outpost true with the endpoint and CA passed but no --cluster-id stops bootstrap.sh "
            "(\"Cluster ID is required when local outpost support is enabled\"); pass --cluster-id with the cluster's id",
        )
