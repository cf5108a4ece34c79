"""Node label whose key or value is not a valid Kubernetes label.

## What it does
Checks node-group labels (eksctl `labels`, Terraform `aws_eks_node_group.labels`, the
terraform-aws-eks module's managed node group `labels`): the key must be a qualified name
(`[prefix/]name` with one `/` at most, a lower-case DNS-subdomain prefix, a name of at most 63
alphanumerics, `-`, `_`, `.` that starts and ends with an alphanumeric) and the value empty or at
most 63 such characters.

## Why is this bad
eksctl rejects the file (`node label key "a/b/c" is of invalid format, can only use one '/'
separator`, `label "..." is invalid`, `label "..." has invalid value "..."`); the EKS API rejects
the node group with `InvalidParameterException: Invalid value: ...`; and a kubelet that receives
it in `--node-labels` does not start, so self-managed nodes never join.

## Example
```yaml
nodeGroups:
  - name: workers
    labels:
      team/payments/tier: backend
      owner: "Platform Team"
```

## Use instead
```yaml
nodeGroups:
  - name: workers
    labels:
      payments.example.com/tier: backend
      owner: platform-team
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G02 `node-labels-invalid`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `validateLabels` (`validation.IsQualifiedName`, `validation.IsValidLabelValue`)
- https://kubernetes.io/docs/concepts/overview/working-with-objects/labels/#syntax-and-character-set
- aws-controllers-k8s/community#2208 (EKS API error text)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import group_label, node_labels
from ekslint.rules.nodes._k8s_names import label_value_problem, qualified_name_problem
from ekslint.values import is_placeholder

RULE = Rule("EKS206", "node-label-invalid", Severity.ERROR, tags=("nodes", "labels"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng, key, val in node_labels(ctx.model):
        problem = qualified_name_problem(key)
        if problem:
            yield RULE.finding(val.key_span or val, f"{group_label(ng)}: label key {key!r} is invalid: {problem}; "
                               "use `prefix/name` with a DNS-subdomain prefix and a short alphanumeric name")
            continue
        text = val.str()
        if text is None or is_placeholder(text):
            continue
        problem = label_value_problem(text)
        if problem:
            yield RULE.finding(val, f"{group_label(ng)}: value {text!r} of label {key!r} is invalid: {problem}; "
                               "use at most 63 letters, digits, '-', '_' or '.' (for example "
                               f"{_slug(text)!r})")


def _slug(text: str) -> str:
    out = "".join(c if c.isalnum() or c in "-_." else "-" for c in text.strip()).strip("-_.")
    return out[:63].strip("-_.") or "value"
