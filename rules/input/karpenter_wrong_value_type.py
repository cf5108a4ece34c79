"""Karpenter NodePool or EC2NodeClass value of the wrong type or outside its allowed values.

## What it does
Checks every value under `spec` of a `NodePool` or `EC2NodeClass` (v1 and v1beta1) against the
type and enum of its CRD field: an unquoted `nodes: 10` in a disruption budget (a string field),
a quoted `"true"` for `associatePublicIPAddress`, a number for `volumeSize` (`100Gi` is a
string), `consolidationPolicy: WhenIdle`, `httpTokens: Required`, taint
effects. Requirement operators and `amiFamily` are judged by the Karpenter rules, and a v1beta1
value in a v1 object (`WhenUnderutilized`) by EKS517. Values written
as Terraform expressions are converted by Terraform and only their enum values are checked.

## Why is this bad
The API server validates custom resources against the CRD's structural schema and rejects the
whole object: `spec.disruption.budgets[0].nodes: Invalid value: "integer": spec.disruption.budgets[0].nodes
in body must be of type string`, or `Unsupported value: "WhenIdle": supported values: "WhenEmpty", "WhenEmptyOrUnderutilized"`. Until it is fixed, Karpenter keeps using the old object
or, for a new one, has no NodePool / EC2NodeClass to launch nodes from.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
spec:
  disruption:
    consolidationPolicy: WhenIdle
    budgets:
      - nodes: 10
```

## Use instead
```yaml
spec:
  disruption:
    consolidationPolicy: WhenEmptyOrUnderutilized
    budgets:
      - nodes: "10"
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md, 3.1 and 3.2 (types and enums)
- aws/karpenter-provider-aws `pkg/apis/crds/karpenter.sh_nodepools.yaml`,
  `pkg/apis/crds/karpenter.k8s.aws_ec2nodeclasses.yaml`
- https://kubernetes.io/docs/tasks/extend-kubernetes/custom-resources/custom-resource-definitions/#validation
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.input._common import ENUM, TYPE, Problem, enum_text, karpenter_problems, type_text
from ekslint.schema.types import Enum, Type, lookup

RULE = Rule("EKS016", "karpenter-wrong-value-type", Severity.ERROR, tags=("input", "karpenter", "schema"),
            precision="high")


def _v1beta1_value(p: Problem, v1beta1: Type) -> bool:
    """A value the v1beta1 CRD accepted at the same place (reported by EKS517 in v1 objects)."""
    other = lookup(v1beta1, p.keys)
    return isinstance(other, Enum) and isinstance(p.value.value, str) and other.accepts(p.value.value)


def check(ctx: Context) -> Iterator[Finding | None]:
    for p, doc in karpenter_problems(ctx):
        if doc.version == "v1" and p.kind == ENUM and _v1beta1_value(p, doc.schemas["v1beta1"]):
            continue
        if p.kind == TYPE:
            yield RULE.finding(p.value, f"{type_text(p)} (the API server rejects the {doc.kind} otherwise)")
        elif p.kind == ENUM:
            yield RULE.finding(p.value, enum_text(p, f"the {doc.kind} {doc.version} CRD"))
