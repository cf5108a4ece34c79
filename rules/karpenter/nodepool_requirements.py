"""NodePool requirements with an unknown operator or values that do not fit it.

## What it does
Checks each entry of a NodePool's `spec.template.spec.requirements` as the CRD does: the
operator must be `In`, `NotIn`, `Exists`, `DoesNotExist`, `Gt`, `Lt` (and `Gte` / `Lte` in v1);
`In` needs at least one value; `Gt` / `Lt` / `Gte` / `Lte` need exactly one non-negative integer;
`minValues` on an `In` requirement may not exceed the number of values; at most 100 entries.
Template values are skipped.

## Why is this bad
The API server rejects the NodePool, e.g. `requirements with operator 'In' must have a value
defined`, `requirements operator 'Gt', 'Lt', 'Gte', or 'Lte' must have a single positive integer
value`, `requirements with 'minValues' must have at least that many values specified in the
'values' field`, or an enum error for the operator. The NodePool is not created.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    spec:
      requirements:
        - key: karpenter.k8s.aws/instance-generation
          operator: GreaterThan
          values: ["5"]
        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: ["m7i", "m6i"]
          minValues: 3
```

## Use instead
```yaml
        - key: karpenter.k8s.aws/instance-generation
          operator: Gt
          values: ["5"]
        - key: karpenter.k8s.aws/instance-family
          operator: In
          values: ["m7i", "m6i", "m5"]
          minValues: 2
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K15
- kubernetes-sigs/karpenter `pkg/apis/v1/nodeclaim.go` (`NodeSelectorRequirementWithMinValues`), `pkg/apis/crds/karpenter.sh_nodepools.yaml` (operator enum, requirement XValidations, maxItems 100)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import NodePool
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import concrete, is_v1, key_at, label, opaque, requirements
from ekslint.values import V, is_placeholder

RULE = Rule("EKS516", "nodepool-requirements", Severity.ERROR, tags=("karpenter",), precision="very-high")

BASE_OPERATORS = ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt")
V1_OPERATORS = (*BASE_OPERATORS, "Gte", "Lte")
NUMERIC = ("Gt", "Lt", "Gte", "Lte")
MAX_REQUIREMENTS = 100
NON_NEGATIVE = re.compile(r"^\+?[0-9]+$")


def _values(req: V) -> list[V] | None:
    """The values, or None when they are not known."""
    values = req.get("values")
    if values is None or (values.known and values.value is None):
        return []
    if not values.is_list or any(not v.known or (v.is_str and is_placeholder(v.value)) for v in values.value):
        return None
    return values.value


def _check_requirement(pool: NodePool, req: V, operators: tuple[str, ...]) -> Iterator[Finding | None]:
    what = label(pool)
    op_v = req.get("operator")
    op = concrete(op_v)
    if op is None or opaque(req):
        return
    key = concrete(req.get("key")) or "?"
    if op not in operators:
        close = difflib.get_close_matches(op, operators, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}? " if close else ""
        yield RULE.finding(op_v, f"{what} requirement {key!r} has operator {op!r}, which the CRD rejects; {hint}use one "
                                 f"of {', '.join(operators)}")
        return
    values = _values(req)
    if values is None:
        return
    if op == "In" and not values:
        yield RULE.finding(op_v, f"{what} requirement {key!r} uses operator In without values; the CRD rejects it "
                                 "(\"requirements with operator 'In' must have a value defined\"): list the allowed "
                                 "values, or use Exists")
    elif op in NUMERIC:
        texts = [str(v.value) for v in values if v.known]
        if len(texts) != 1 or not NON_NEGATIVE.match(texts[0]):
            yield RULE.finding(req.get("values") or op_v,
                               f"{what} requirement {key!r} uses operator {op} with values {texts}; the CRD rejects it "
                               f"(operator {op} needs a single non-negative integer value): write e.g. "
                               "`values: [\"4\"]`")
    min_values = req.get("minValues")
    count = min_values.value if min_values is not None and min_values.known else None
    if op == "In" and isinstance(count, int) and not isinstance(count, bool) and values and count > len(values):
        yield RULE.finding(min_values, f"{what} requirement {key!r} asks for minValues {count} but lists only "
                                       f"{len(values)} value(s); the CRD rejects it: lower minValues or list more values")


def check(ctx: Context) -> Iterator[Finding | None]:
    for pool in ctx.model.node_pools:
        operators = V1_OPERATORS if is_v1(pool) else BASE_OPERATORS
        reqs = requirements(pool)
        for req in reqs:
            yield from _check_requirement(pool, req, operators)
        if len(reqs) > MAX_REQUIREMENTS:
            tspec = pool.doc.get("spec", "template", "spec")
            yield RULE.finding(key_at(tspec, "requirements"), f"{label(pool)} has {len(reqs)} requirements; the CRD "
                                                             f"accepts at most {MAX_REQUIREMENTS}: merge requirements "
                                                             "on the same key")
