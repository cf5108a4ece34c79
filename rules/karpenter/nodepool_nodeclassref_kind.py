"""NodePool `nodeClassRef` whose group and kind do not name an EC2NodeClass (or an Auto Mode NodeClass).

## What it does
Reports a NodePool `spec.template.spec.nodeClassRef` whose `group` / `kind` (v1) or
`apiVersion` / `kind` (v1beta1) mix the two node classes an EKS cluster serves:
`karpenter.k8s.aws` + `EC2NodeClass` (Karpenter on AWS) and `eks.amazonaws.com` + `NodeClass`
(EKS Auto Mode), or misspell the kind (`Ec2NodeClass`). References to other providers' groups
are left alone.

## Why is this bad
Karpenter resolves the reference by group, kind and name. With a kind the provider does not serve
the NodePool stays `NodeClassReady=False` with reason `NodeClassNotFound` and Karpenter launches
no nodes for it. Both fields are immutable (`nodeClassRef.group is immutable`), so fixing it later
means recreating the NodePool.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: NodeClass
        name: default
```

## Use instead
```yaml
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
```
(for EKS Auto Mode: `group: eks.amazonaws.com`, `kind: NodeClass`).

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K12
- kubernetes-sigs/karpenter `pkg/controllers/nodepool/readiness/controller.go` (`NodeClassNotFound`)
- aws/karpenter-provider-aws `pkg/apis/crds/karpenter.sh_nodepools.yaml` ("nodeClassRef.group is immutable", "nodeClassRef.kind is immutable")
- https://docs.aws.amazon.com/eks/latest/userguide/create-node-pool.html (Auto Mode: `group: eks.amazonaws.com`, `kind: NodeClass`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import concrete, label

RULE = Rule("EKS513", "nodepool-nodeclassref-kind", Severity.ERROR, tags=("karpenter",), precision="high")

KIND_OF = {"karpenter.k8s.aws": "EC2NodeClass", "eks.amazonaws.com": "NodeClass"}
GROUP_OF = {v: k for k, v in KIND_OF.items()}


def check(ctx: Context) -> Iterator[Finding | None]:
    for pool in ctx.model.node_pools:
        ref = pool.node_class_ref
        if ref is None or not ref.is_map:
            continue
        kind_v = ref.get("kind")
        kind = concrete(kind_v)
        group_v = ref.get("group") if ref.get("group") is not None else ref.get("apiVersion")
        group_text = concrete(group_v)
        group = group_text.split("/", 1)[0] if group_text else None
        what = label(pool)
        if kind is None or group is None:
            continue
        if group in KIND_OF and kind != KIND_OF[group]:
            expected = KIND_OF[group]
            yield RULE.finding(kind_v, f"{what} nodeClassRef names kind {kind!r} in group {group!r}, which serves "
                                       f"only {expected}; the NodePool stays NodeClassReady=False (NodeClassNotFound) "
                                       f"and launches nothing: set `kind: {expected}` (the field is immutable, so "
                                       "recreate the NodePool if it exists)", related=[group_v])
        elif kind in GROUP_OF and group != GROUP_OF[kind]:
            expected = GROUP_OF[kind]
            yield RULE.finding(group_v, f"{what} nodeClassRef names kind {kind} in group {group!r}, but {kind} belongs "
                                        f"to {expected}; the NodePool stays NodeClassReady=False (NodeClassNotFound): "
                                        f"set the group to {expected} (immutable: recreate the NodePool if it exists)",
                               related=[kind_v])
