"""aws-auth group that is two list items merged into one string by indentation.

## What it does
Reports a `groups` element of an aws-auth mapping (ConfigMap YAML, Terraform, module inputs,
eksctl `iamIdentityMappings`) that contains ` - `, such as
`"system:bootstrappers - system:nodes"` or `"- system:masters"`: the text of two list items that
an over-indented line turned into one plain scalar. Node mappings that lack `system:nodes`
because of it are left to EKS406, which names the same cause.

## Why is this bad
YAML folds the more-indented `- system:nodes` line into the previous item, so the mapping is in
one group with a strange name and in neither of the groups meant. The authenticator accepts it
without a word; the user or node authenticates and is then `Forbidden` by RBAC.

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/ci-deployer
    username: ci-deployer
    groups:
      - deployers
        - viewers
```

## Use instead
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/ci-deployer
    username: ci-deployer
    groups:
      - deployers
      - viewers
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A05, citing kubernetes-sigs/aws-iam-authenticator
  `pkg/mapper/configmap/yaml_test.go` ("parsing succeeds, but groups is invalid") and
  `yaml/aws-auth-space-out-of-place.yaml`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import is_node_username, mapping_label, username_text
from ekslint.values import is_placeholder, known_str

RULE = Rule("EKS413", "aws-auth-group-indentation-merge", Severity.ERROR, tags=("identity", "aws-auth"),
            precision="very-high")


def _merged(text: str) -> list[str] | None:
    parts = [p.strip() for p in text.strip().removeprefix("- ").split(" - ")]
    if " - " not in text and not text.lstrip().startswith("- "):
        return None
    return [p for p in parts if p]


def check(ctx: Context) -> Iterator[Finding | None]:
    for mp in ctx.model.role_mappings:
        if mp.kind == "account" or not mp.groups:
            continue
        texts = [known_str(g) for g in mp.groups]
        node_missing = (is_node_username(username_text(mp.username))
                        and "system:nodes" not in [t.strip() for t in texts if t])
        for g, text in zip(mp.groups, texts, strict=True):
            if text is None or is_placeholder(text):
                continue
            parts = _merged(text)
            if parts is None:
                continue
            if node_missing and "system:nodes" in parts:
                continue  # EKS406 reports the node mapping without system:nodes, naming this cause
            shown = ", ".join(parts)
            yield RULE.finding(g, f"{mapping_label(mp)} has the group {text!r}: two list items merged into one string "
                               f"by an over-indented line, so it is in none of {shown}. Put each group on its own "
                               "`- ` line at the same indent")
