"""eksctl node group without a name, with a duplicated name, or with characters eksctl refuses.

## What it does
Reports `nodeGroups` / `managedNodeGroups` entries that are empty (`- ` alone), lack `name`,
reuse a name already used by another node group of the same file (managed and self-managed
groups share one namespace), or, for `nodeGroups`, use characters other than letters, digits
and `-`.

## Why is this bad
eksctl refuses the file: `invalid ClusterConfig: nodeGroups[1] is not set`,
`managedNodeGroups[0].name must be set`, `managedNodeGroups[1].name "workers" is not unique`,
`validation for ng_1 failed, name must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`.
The name becomes part of CloudFormation stack names, which allow only those characters.

## Example
```yaml
nodeGroups:
  - name: workers
managedNodeGroups:
  - name: workers
```

## Use instead
```yaml
nodeGroups:
  - name: workers-self
managedNodeGroups:
  - name: workers
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G01 `nodegroup-name-required-unique`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateClusterConfig` (`validateNg`, `nameSet.checkUnique`), `validateNodeGroupName`; `validateUnsetNodeGroups`
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.values import V, is_placeholder

RULE = Rule("EKS218", "nodegroup-name-invalid", Severity.ERROR, tags=("nodes", "eksctl"), precision="very-high")

_BAD_CHARS = re.compile(r"[^a-zA-Z0-9-]")


def _check_doc(root: V) -> Iterator[Finding | None]:
    seen: dict[str, tuple[str, V]] = {}
    for key in ("nodeGroups", "managedNodeGroups"):
        groups = root.get(key)
        if groups is None or not groups.is_list:
            continue
        for i, ng in enumerate(groups.list()):
            path = f"{key}[{i}]"
            if ng.known and ng.value is None:
                yield RULE.finding(ng.where() or groups.key_span, f"{path} is empty, and eksctl refuses the file; "
                                   "remove the stray `-` or fill in the node group")
                continue
            if not ng.is_map:
                continue
            name = ng.get("name")
            if name is None or (name.known and name.value in (None, "")):
                yield RULE.finding(name or ng, f"{path} has no name, and eksctl refuses the file; add `name:`")
                continue
            text = name.str()
            if text is None or is_placeholder(text):
                continue
            if text in seen:
                first_path, first = seen[text]
                yield RULE.finding(name, f"{path}.name {text!r} is already used by {first_path}; node group names "
                                   "must be unique across nodeGroups and managedNodeGroups, rename one",
                                   related=[first])
            else:
                seen[text] = (path, name)
            if key == "nodeGroups" and _BAD_CHARS.search(text):
                fixed = _BAD_CHARS.sub("-", text)
                yield RULE.finding(name, f"{path}.name {text!r} may contain only letters, digits and '-' (eksctl "
                                   f"refuses it); use {fixed!r}")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in ctx.documents_of(EKSCTL):
        yield from _check_doc(doc.root)
