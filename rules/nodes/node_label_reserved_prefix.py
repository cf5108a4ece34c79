"""Node label in the reserved kubernetes.io / k8s.io namespaces that kubelet may not set.

## What it does
Reports node-group labels (eksctl `labels` of `nodeGroups` and `managedNodeGroups`, Terraform
`aws_eks_node_group.labels`, the terraform-aws-eks module's `eks_managed_node_groups[*].labels`)
whose key lies in the `kubernetes.io` or `k8s.io` namespace (or a subdomain of them) and is not
one of the labels kubelet is allowed to set on its own node: the `kubelet.kubernetes.io` and
`node.kubernetes.io` namespaces, and `kubernetes.io/hostname`, `kubernetes.io/os`,
`kubernetes.io/arch`, `topology.kubernetes.io/zone|region`, the `beta.` / `failure-domain.`
variants and the instance-type labels. The usual offender is `node-role.kubernetes.io/<role>`.

## Why is this bad
The labels reach the node through kubelet's `--node-labels`, and kubelet refuses to start with
`unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels: [...]`: the instances
never join and a managed node group ends in `NodeCreationFailure: Instances failed to join the
kubernetes cluster`. eksctl rejects the file first: `the following nodegroup labels are
disallowed as they have reserved prefixes [kubernetes.io/, k8s.io/]`, and the EKS API has refused
such labels on managed node groups ("Label cannot contain reserved prefixes [kubernetes.io/,
k8s.io/, eks.amazonaws.com/]").

## Example
```yaml
managedNodeGroups:
  - name: workers
    labels:
      node-role.kubernetes.io/worker: "true"
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    labels:
      role: worker                      # or node.kubernetes.io/role: worker
```
(Set `node-role.kubernetes.io/*` afterwards with `kubectl label node`, or from a controller.)

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G02 `node-labels-invalid`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `validateLabels`, `isKubernetesLabel`
- /work/shared/research/domain-karpenter-auth-terraform.md, K13 `node-label-kubelet-forbidden` (kubelet error text and allowed set)
- kubernetes `staging/src/k8s.io/kubelet/pkg/apis/well_known_labels.go` `IsKubeletLabel`
- terraform-aws-modules/terraform-aws-eks#3346; eksctl-io/eksctl#4007 (EKS API error text)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import group_label, node_labels
from ekslint.rules.nodes._k8s_names import kubelet_may_set

RULE = Rule("EKS205", "node-label-reserved-prefix", Severity.ERROR, tags=("nodes", "labels", "kubelet"),
            precision="very-high")


def _suggest(key: str) -> str:
    prefix, name = key.split("/", 1)
    if prefix == "node-role.kubernetes.io":
        return f"use a label such as `role: {name or 'worker'}` or `node.kubernetes.io/role: {name or 'worker'}`"
    return f"move it out of the reserved namespace (e.g. `example.com/{name}`) or under node.kubernetes.io/"


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng, key, val in node_labels(ctx.model):
        if kubelet_may_set(key):
            continue
        yield RULE.finding(
            val.key_span or val,
            f"{group_label(ng)}: label {key!r} is in the reserved kubernetes.io / k8s.io namespace, which kubelet "
            f"refuses in --node-labels (the nodes never join); {_suggest(key)}",
        )
