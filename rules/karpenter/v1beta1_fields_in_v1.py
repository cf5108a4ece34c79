"""v1beta1 Karpenter fields left in a `karpenter.sh/v1` NodePool after an upgrade.

## What it does
Reports, in `karpenter.sh/v1` NodePools, the fields that Karpenter v1 moved or renamed:

- `spec.disruption.consolidationPolicy: WhenUnderutilized` (renamed `WhenEmptyOrUnderutilized`): error;
- `spec.disruption.expireAfter` (moved to `spec.template.spec.expireAfter`): warning;
- `spec.template.spec.kubelet` (moved to the EC2NodeClass's `spec.kubelet`): warning.

The v1beta1 `nodeClassRef.apiVersion` key is reported by EKS512.

## Why is this bad
The v1 CRD has no such values or fields. `WhenUnderutilized` fails the enum check and the NodePool
is rejected. A moved field is unknown to the v1 schema: with strict field validation the apply
fails, otherwise the API server silently drops it, so the nodes lose their expiry or kubelet
settings (`maxPods`, reservations, eviction thresholds) without any error.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    spec:
      kubelet:
        maxPods: 110
  disruption:
    consolidationPolicy: WhenUnderutilized
    expireAfter: 720h
```

## Use instead
```yaml
spec:
  template:
    spec:
      expireAfter: 720h
  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
spec:
  kubelet:
    maxPods: 110
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K16
- karpenter-provider-aws `website/content/en/v1.0/upgrading/v1-migration.md` (expireAfter moved, kubelet moved to EC2NodeClass, WhenUnderutilized renamed)
- kubernetes-sigs/karpenter `pkg/apis/v1/nodepool.go` (`consolidationPolicy` enum WhenEmpty, WhenEmptyOrUnderutilized)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import concrete, is_v1, key_at, label

RULE = Rule("EKS517", "v1beta1-fields-in-v1", Severity.ERROR, tags=("karpenter", "upgrade"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for pool in ctx.model.node_pools:
        if not is_v1(pool):
            continue
        what = label(pool)
        disruption = pool.doc.get("spec", "disruption")
        policy = disruption.get("consolidationPolicy") if disruption is not None else None
        if concrete(policy) == "WhenUnderutilized":
            yield RULE.finding(policy, f"{what} uses the v1beta1 consolidationPolicy WhenUnderutilized, which "
                                       "karpenter.sh/v1 renamed; the CRD rejects it: use WhenEmptyOrUnderutilized")
        if disruption is not None and disruption.is_map and "expireAfter" in disruption.value:
            yield RULE.finding(key_at(disruption, "expireAfter"),
                               f"{what} sets spec.disruption.expireAfter, a v1beta1 field that karpenter.sh/v1 moved to "
                               "spec.template.spec.expireAfter; here it is dropped (or refused by strict field "
                               "validation) and nodes expire after the default 720h: move it",
                               severity=Severity.WARNING)
        tspec = pool.doc.get("spec", "template", "spec")
        if tspec is not None and tspec.is_map and "kubelet" in tspec.value:
            yield RULE.finding(key_at(tspec, "kubelet"),
                               f"{what} sets spec.template.spec.kubelet, a v1beta1 field that v1 moved to the "
                               "EC2NodeClass (spec.kubelet); here it is dropped (or refused by strict field validation) "
                               "and the nodes run with kubelet defaults: move it to the EC2NodeClass this NodePool uses",
                               severity=Severity.WARNING)
