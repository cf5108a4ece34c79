"""EC2NodeClass `spec.tags` with a key Karpenter reserves for itself.

## What it does
Reports `spec.tags` keys of an EC2NodeClass that the CRD refuses: the empty key, a key starting
with `kubernetes.io/cluster`, `karpenter.sh/nodepool`, `karpenter.sh/nodeclaim`,
`karpenter.k8s.aws/ec2nodeclass`, and `eks:eks-cluster-name` (v1) or `karpenter.sh/managed-by`
(v1beta1). Keys that are templates are skipped.

## Why is this bad
Karpenter sets these tags itself to find its instances and to let the cloud provider recognise
cluster members. The CRD rejects the object with e.g. `tag contains a restricted tag matching
kubernetes.io/cluster/`, so the EC2NodeClass is not created and its NodePools launch nothing.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  tags:
    kubernetes.io/cluster/prod: owned
    team: platform
```

## Use instead
```yaml
spec:
  tags:
    team: platform      # Karpenter adds the cluster tag on its own
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K08
- aws/karpenter-provider-aws `pkg/apis/v1/ec2nodeclass.go` (`spec.tags` XValidations: "empty tag keys aren't supported", "tag contains a restricted tag matching ..."); v0.37.7 `pkg/apis/v1beta1/ec2nodeclass.go` (v1beta1 list, with `karpenter.sh/managed-by`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import is_v1beta1, key_at, label

RULE = Rule("EKS509", "nodeclass-restricted-tags", Severity.ERROR, tags=("karpenter",), precision="very-high")

COMMON = ("karpenter.sh/nodepool", "karpenter.sh/nodeclaim", "karpenter.k8s.aws/ec2nodeclass")
V1_ONLY = ("eks:eks-cluster-name",)
V1BETA1_ONLY = ("karpenter.sh/managed-by",)


def _restricted(key: str, v1beta1: bool) -> str | None:
    if key.startswith("kubernetes.io/cluster"):
        return "kubernetes.io/cluster/"
    if key in COMMON or key in (V1BETA1_ONLY if v1beta1 else V1_ONLY):
        return key
    return None


def check(ctx: Context) -> Iterator[Finding | None]:
    for nc in ctx.model.node_classes:
        tags = nc.doc.get("spec", "tags")
        if tags is None or not tags.is_map:
            continue
        what = label(nc)
        for key in tags.value:
            if key == "":
                yield RULE.finding(key_at(tags, key), f"{what} spec.tags has an empty key, which the CRD rejects "
                                                      "(\"empty tag keys aren't supported\"); remove it or name the tag")
                continue
            match = _restricted(key, is_v1beta1(nc))
            if match:
                yield RULE.finding(
                    key_at(tags, key),
                    f"{what} spec.tags sets {key!r}, a tag Karpenter reserves; the CRD rejects it (\"tag contains a "
                    f"restricted tag matching {match}\"): remove it, Karpenter tags its instances with it itself",
                )
