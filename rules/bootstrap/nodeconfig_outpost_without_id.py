"""NodeConfig with `enableOutpost: true` but no cluster `id`.

## What it does
Merges the NodeConfig documents of one user data and reports `spec.cluster.enableOutpost: true`
when no document sets a non-empty `spec.cluster.id`.

## Why is this bad
Nodes of a local cluster on AWS Outposts authenticate with the cluster id instead of its name.
nodeadm's validation stops with `cluster ID must be provided for outposts` and the node never
joins.

## Example
```yaml
spec:
  cluster:
    name: my-cluster
    enableOutpost: true
```

## Use instead
```yaml
spec:
  cluster:
    name: my-cluster
    enableOutpost: true
    id: 0123abcd-4567-89ef-0123-456789abcdef   # aws eks describe-cluster --query cluster.id
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N11; amazon-eks-ami `nodeadm/internal/api/validation.go`
  `ValidateNodeConfig`, `nodeadm/internal/kubelet/kubeconfig.go`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import merged, reads_nodeconfig
from ekslint.values import known_bool

RULE = Rule("EKS308", "nodeconfig-outpost-without-id", Severity.ERROR, tags=("bootstrap", "nodeadm", "outposts"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for boot in ctx.model.bootstraps:
        if not boot.nodeconfigs or boot.cluster_details_supplied or not reads_nodeconfig(ctx, boot):
            continue
        outpost = merged(boot, "spec", "cluster", "enableOutpost")
        if known_bool(outpost) is not True or merged(boot, "spec", "cluster", "id") is not None:
            continue
        yield RULE.finding(
            outpost,
            "spec.cluster.enableOutpost is true but no spec.cluster.id is set: nodeadm stops with \"cluster ID must be "
            "provided for outposts\" and the node never joins; add `id:` with the cluster id "
            "(`aws eks describe-cluster --query cluster.id`)",
        )
