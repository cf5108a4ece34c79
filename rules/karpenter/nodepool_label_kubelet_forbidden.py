"""NodePool label in the `kubernetes.io` / `k8s.io` namespaces that kubelet may not set (`node-role.kubernetes.io/*`).

## What it does
Reports keys of a NodePool's `spec.template.metadata.labels` (v1 and v1beta1) under
`kubernetes.io` or `k8s.io` (or a subdomain) that kubelet refuses to set on its own node. Allowed
are `kubelet.kubernetes.io/*`, `node.kubernetes.io/*` (and their subdomains) and kubelet's own
labels (`kubernetes.io/arch`, `kubernetes.io/os`, `topology.kubernetes.io/zone`, ...). The
typical offender is `node-role.kubernetes.io/worker`.

## Why is this bad
Karpenter passes the NodePool's labels to kubelet (`--node-labels`, or Bottlerocket's
`node-labels` setting). kubelet validates them at start and exits with `unknown 'kubernetes.io'
or 'k8s.io' labels specified with --node-labels: [node-role.kubernetes.io/worker]`, so the
instance runs but never becomes a node. Karpenter releases up to 1.8 refuse these labels when the
NodePool is applied (`label domain "kubernetes.io" is restricted`); from 1.9 the CRD accepts
them and the nodes fail instead.

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
        node-role.kubernetes.io/worker: ""
```

## Use instead
```yaml
    metadata:
      labels:
        node.kubernetes.io/role: worker    # or a label in your own domain, e.g. example.com/role
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K13
- kubernetes/kubernetes `staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go` (`IsKubeletLabel`: allowed labels and namespaces), kubelet `ValidateKubeletFlags` ("unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels")
- aws/karpenter-provider-aws `pkg/providers/amifamily/bootstrap/bootstrap.go` (`nodeLabelArg`), `pkg/providers/launchtemplate/launchtemplate.go` (NodeClaim labels go to the bootstrap options); aws/karpenter-provider-aws#728
- kubernetes-sigs/karpenter `pkg/apis/crds/karpenter.sh_nodepools.yaml` v1.0.0–v1.8.0 (`label domain "kubernetes.io" is restricted`), commit 37f5de7ac (restriction relaxed in v1.9.0)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import label, label_domain, pool_labels

RULE = Rule("EKS514", "nodepool-label-kubelet-forbidden", Severity.ERROR, tags=("karpenter", "bootstrap"), precision="high")

KUBELET_LABELS = frozenset({
    "kubernetes.io/hostname", "topology.kubernetes.io/zone", "topology.kubernetes.io/region",
    "failure-domain.beta.kubernetes.io/zone", "failure-domain.beta.kubernetes.io/region",
    "failure-domain.kubernetes.io/zone", "failure-domain.kubernetes.io/region",
    "beta.kubernetes.io/instance-type", "node.kubernetes.io/instance-type", "kubernetes.io/instance-type",
    "kubernetes.io/os", "kubernetes.io/arch", "beta.kubernetes.io/os", "beta.kubernetes.io/arch",
})
KUBELET_NAMESPACES = ("kubelet.kubernetes.io", "node.kubernetes.io")
# namespaces kubelet refuses too, but that Karpenter's older CRDs let through on purpose: not reported
LEFT_ALONE = ("node-restriction.kubernetes.io", "kops.k8s.io")


def _in(domain: str, namespace: str) -> bool:
    return domain == namespace or domain.endswith("." + namespace)


def forbidden_for_kubelet(key: str) -> bool:
    """True for a label key kubelet refuses in --node-labels."""
    if "/" not in key:
        return False
    domain = label_domain(key)
    if not (_in(domain, "kubernetes.io") or _in(domain, "k8s.io")):
        return False
    return not (key in KUBELET_LABELS or any(_in(domain, ns) for ns in KUBELET_NAMESPACES + LEFT_ALONE))


def check(ctx: Context) -> Iterator[Finding | None]:
    for pool in ctx.model.node_pools:
        for key, where in pool_labels(pool):
            if key == "kubernetes.io/hostname" or not forbidden_for_kubelet(key):
                continue  # kubernetes.io/hostname: EKS515
            name = key.split("/", 1)[1]
            yield RULE.finding(
                where,
                f"{label(pool)} sets label {key!r}: kubelet may not set labels in the kubernetes.io / k8s.io "
                "namespaces and exits with \"unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels\", "
                "so the nodes never join (Karpenter up to 1.8 rejects the NodePool instead); use "
                f"'node.kubernetes.io/{name}' or a label in your own domain, and set node roles after registration if "
                "you need them",
            )
