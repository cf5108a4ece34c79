"""NodePool label or requirement key in a domain Karpenter reserves (`karpenter.sh`, `karpenter.k8s.aws`, `kubernetes.io/hostname`).

## What it does
Reports keys of `spec.template.metadata.labels` and of `spec.template.spec.requirements` that the
NodePool CRD refuses: `kubernetes.io/hostname`, `karpenter.sh/nodepool`, any other key in the
`karpenter.sh` domain (or a domain ending in it) except `karpenter.sh/capacity-type`, and keys
in the `karpenter.k8s.aws` domain that are not one of the well-known instance labels
(`karpenter.k8s.aws/instance-family`, `instance-category`, `instance-cpu`, ...), which catches
misspelt well-known labels.

## Why is this bad
The API server rejects the NodePool, e.g. `label domain "karpenter.sh" is restricted` or
`label "kubernetes.io/hostname" is restricted`. Karpenter sets these labels itself; the NodePool
is not created and launches no nodes.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    metadata:
      labels:
        karpenter.sh/team: payments
    spec:
      requirements:
        - key: karpenter.k8s.aws/instance-familly
          operator: In
          values: ["m7i"]
```

## Use instead
```yaml
    metadata:
      labels:
        example.com/team: payments
    spec:
      requirements:
        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: ["m7i"]
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K14
- aws/karpenter-provider-aws `pkg/apis/crds/karpenter.sh_nodepools.yaml` (label and requirement key validations: `label domain "karpenter.sh" is restricted`, `label "karpenter.sh/nodepool" is restricted`, `label "kubernetes.io/hostname" is restricted`, `label domain "karpenter.k8s.aws" is restricted` with its allow-list)
- kubernetes-sigs/karpenter `pkg/apis/v1/labels.go` (`RestrictedLabelDomains`, `RestrictedLabels`)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import NodePool
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import label, label_domain, pool_labels, requirements
from ekslint.values import V, is_placeholder

RULE = Rule("EKS515", "nodepool-restricted-labels", Severity.ERROR, tags=("karpenter",), precision="very-high")

AWS_LABELS = tuple(f"karpenter.k8s.aws/{k}" for k in (
    "instance-tenancy", "capacity-reservation-type", "capacity-reservation-id", "capacity-reservation-interruptible",
    "ec2nodeclass", "instance-encryption-in-transit-supported", "nitro-sandbox", "instance-category",
    "instance-hypervisor", "instance-family", "instance-generation", "instance-local-nvme", "instance-size",
    "instance-cpu", "instance-cpu-manufacturer", "instance-cpu-sustained-clock-speed-mhz", "instance-memory",
    "instance-ebs-bandwidth", "instance-network-bandwidth", "instance-gpu-name", "instance-gpu-manufacturer",
    "instance-gpu-count", "instance-gpu-memory", "instance-accelerator-name", "instance-accelerator-manufacturer",
    "instance-accelerator-count", "instance-capability-flex", "placement-group-id", "placement-group-partition",
))


def restriction(key: str) -> tuple[str, str] | None:
    """(CRD message, fix) when the NodePool CRD refuses `key`, else None."""
    domain = label_domain(key)
    if key == "kubernetes.io/hostname":
        return 'label "kubernetes.io/hostname" is restricted', "Karpenter sets the hostname itself; drop it"
    if key == "karpenter.sh/nodepool":
        return 'label "karpenter.sh/nodepool" is restricted', "Karpenter sets it to the NodePool's name; drop it"
    if domain.endswith("karpenter.sh") and key != "karpenter.sh/capacity-type":
        return ('label domain "karpenter.sh" is restricted',
                "use your own domain (e.g. example.com/...) or karpenter.sh/capacity-type")
    if domain.endswith("karpenter.k8s.aws") and key not in AWS_LABELS:
        close = difflib.get_close_matches(key, AWS_LABELS, n=1, cutoff=0.8)
        fix = f"did you mean {close[0]!r}?" if close else "use one of Karpenter's well-known instance labels or your own domain"
        return 'label domain "karpenter.k8s.aws" is restricted', fix
    return None


def _keys(pool: NodePool) -> Iterator[tuple[str, V, str]]:
    for key, where in pool_labels(pool):
        yield key, where, "label"
    for req in requirements(pool):
        key = req.get("key")
        if key is not None and key.is_str and not is_placeholder(key.value):
            yield key.value, key, "requirement key"


def check(ctx: Context) -> Iterator[Finding | None]:
    for pool in ctx.model.node_pools:
        for key, where, what in _keys(pool):
            found = restriction(key)
            if found:
                yield RULE.finding(where, f"{label(pool)} {what} {key!r} is reserved; the CRD rejects the NodePool "
                                          f"({found[0]}): {found[1]}")
