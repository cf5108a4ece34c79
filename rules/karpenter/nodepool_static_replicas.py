"""Static NodePool (`spec.replicas`) that also sets `weight` or limits other than `nodes`.

## What it does
Reports a NodePool with `spec.replicas` (a static NodePool, Karpenter 1.8 and later) that also
sets `spec.weight`, or `spec.limits` with any resource other than `nodes`.

## Why is this bad
Static NodePools keep a fixed number of nodes; weights and resource limits only apply to
dynamic provisioning. The CRD rejects the object: `'weight' is not supported on static
NodePools`, `only 'limits.nodes' is supported on static NodePools`. Switching an existing
NodePool between static and dynamic is refused too (`Cannot transition NodePool between static
(replicas set) and dynamic (replicas unset) provisioning modes`).

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: static
spec:
  replicas: 3
  weight: 50
  limits:
    cpu: "64"
```

## Use instead
```yaml
spec:
  replicas: 3
  limits:
    nodes: 5
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K18
- kubernetes-sigs/karpenter `pkg/apis/v1/nodepool.go` (static NodePool XValidations), `pkg/apis/crds/karpenter.sh_nodepools.yaml`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import items, key_at, label, present, spec

RULE = Rule("EKS518", "nodepool-static-replicas", Severity.ERROR, tags=("karpenter",), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for pool in ctx.model.node_pools:
        s = spec(pool)
        if s is None or present(s, "replicas") is not True:
            continue
        what = label(pool)
        if present(s, "weight"):
            yield RULE.finding(key_at(s, "weight"), f"{what} is static (spec.replicas) and sets spec.weight; the CRD "
                                                    "rejects it (\"'weight' is not supported on static NodePools\"): "
                                                    "remove weight", related=[s.get("replicas")])
        limits = s.get("limits")
        for key, _ in items(limits):
            if key != "nodes":
                yield RULE.finding(key_at(limits, key), f"{what} is static (spec.replicas) and limits {key}; the CRD "
                                                        "rejects it (\"only 'limits.nodes' is supported on static "
                                                        "NodePools\"): keep only limits.nodes",
                                   related=[s.get("replicas")])
