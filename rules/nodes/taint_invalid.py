"""Node taint with an invalid key, value or effect (including the other format's effect spelling).

## What it does
Checks node-group taints: eksctl `taints` (list of `{key, value, effect}` or the
`key: "value:Effect"` map form), Terraform `aws_eks_node_group` `taint` blocks and the
terraform-aws-eks module's managed node group `taints`. The key must be a non-empty qualified
name, the value a valid label value, and the effect one the tool accepts: eksctl uses the
Kubernetes spelling `NoSchedule`, `PreferNoSchedule`, `NoExecute`; Terraform and the EKS API use
`NO_SCHEDULE`, `PREFER_NO_SCHEDULE`, `NO_EXECUTE`. Mixing the two spellings is the common
mistake when moving a configuration from one tool to the other.

## Why is this bad
eksctl rejects the file: `invalid taint effect: NO_SCHEDULE, unsupported taint effect. Valid
taint effects are: NoSchedule, NoExecute and PreferNoSchedule` (or `taint key must be
non-empty`, `invalid taint key`, `invalid taint value`). The AWS provider refuses the Terraform
plan because the effect is not one of `NO_SCHEDULE`, `NO_EXECUTE`, `PREFER_NO_SCHEDULE`, and the
EKS API rejects invalid keys and values.

## Example
```hcl
resource "aws_eks_node_group" "gpu" {
  taint {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NoSchedule"
  }
}
```

## Use instead
```hcl
resource "aws_eks_node_group" "gpu" {
  taint {
    key    = "nvidia.com/gpu"
    value  = "true"
    effect = "NO_SCHEDULE"
  }
}
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G03 `taints-invalid`: eksctl `pkg/utils/taints/taints.go` `Validate`, `validateTaintEffect`, `parseTaint`; `pkg/cfn/builder/managed_nodegroup.go` (effect mapping to the EKS API)
- https://docs.aws.amazon.com/eks/latest/APIReference/API_Taint.html (effect values)
- https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/eks_node_group#taint-configuration-block
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import NodeGroup, Taint
from ekslint.rule import Rule
from ekslint.rules.nodes._common import group_label
from ekslint.rules.nodes._k8s_names import label_value_problem, qualified_name_problem
from ekslint.values import is_placeholder

RULE = Rule("EKS207", "taint-invalid", Severity.ERROR, tags=("nodes", "taints"), precision="very-high")

EFFECTS = {
    "k8s": ("NoSchedule", "PreferNoSchedule", "NoExecute"),
    "eks-api": ("NO_SCHEDULE", "PREFER_NO_SCHEDULE", "NO_EXECUTE"),
}


def _norm(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalpha())


def _closest(effect: str, style: str) -> str:
    for cand in EFFECTS[style]:
        if _norm(cand) == _norm(effect):
            return cand
    match = difflib.get_close_matches(_norm(effect), [_norm(c) for c in EFFECTS[style]], n=1, cutoff=0.0)
    return next(c for c in EFFECTS[style] if _norm(c) == match[0])


def _check_taint(ng: NodeGroup, t: Taint) -> Iterator[Finding | None]:
    label = group_label(ng)
    key = t.key.str() if t.key is not None else None
    if t.key is None or (t.key.known and key == ""):
        yield RULE.finding(t.key or t.span, f"{label}: a taint has no key; give every taint a key such as `dedicated`")
        return
    if key is not None and not is_placeholder(key):
        problem = qualified_name_problem(key)
        if problem:
            yield RULE.finding(t.key, f"{label}: taint key {key!r} is invalid: {problem}; use `prefix/name` or `name`")
    value = t.value.str() if t.value is not None else None
    if value and not is_placeholder(value):
        problem = label_value_problem(value)
        if problem:
            yield RULE.finding(t.value, f"{label}: taint value {value!r} is invalid: {problem}")
    valid = EFFECTS[t.style]
    name = f"taint {key!r}" if key is not None else "a taint"
    if t.effect is None:
        yield RULE.finding(t.key, f"{label}: {name} has no effect; add `effect: {valid[0]}` (or "
                           f"{', '.join(valid[1:])})")
        return
    effect = t.effect.str()
    if effect is None or is_placeholder(effect) or effect in valid:
        return
    if effect == "":
        yield RULE.finding(t.effect, f"{label}: {name} has no effect eksctl can read; write it as "
                           f"\"{valid[0]}\" or \"value:{valid[0]}\" (one ':' at most; effects: {', '.join(valid)})")
        return
    tool = "eksctl" if t.style == "k8s" else "Terraform and the EKS API"
    yield RULE.finding(t.effect, f"{label}: taint effect {effect!r} is not accepted by {tool}; use "
                       f"{_closest(effect, t.style)!r} (one of {', '.join(valid)})")


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng in ctx.model.node_groups:
        if ng.kind == "karpenter":
            continue
        for t in ng.taints:
            yield from _check_taint(ng, t)
