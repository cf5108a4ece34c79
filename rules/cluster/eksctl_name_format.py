"""eksctl cluster or node group name with characters other than letters, digits and `-`.

## What it does
Reports `metadata.name` and `nodeGroups[].name` that contain anything other than ASCII letters,
digits and hyphens (an underscore, a dot, a space), and warns about such `managedNodeGroups[].name`.

## Why is this bad
`eksctl create cluster` and `eksctl create nodegroup` refuse the name:
`validation for my_cluster failed, name must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`.
eksctl does not run that check on managed node group names, but it deploys every node group as a
CloudFormation stack named `eksctl-<cluster>-nodegroup-<name>`, and CloudFormation stack names
allow only letters, digits and hyphens, so the stack cannot be created either (reported as a
warning, since eksctl itself does not say so up front).

## Example
```yaml
metadata:
  name: data_platform
nodeGroups:
  - name: workers.v2
```

## Use instead
```yaml
metadata:
  name: data-platform
nodeGroups:
  - name: workers-v2
```

## References
- research `domain-eksctl-nodeadm.md` §1A E04, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go`
  (`IsInvalidNameArg`, regex `[^a-zA-Z0-9-]+`; `ErrInvalidName`; `validateNodeGroupName`) and
  `pkg/ctl/create/cluster.go` (`doCreateCluster`)
- AWS CloudFormation User Guide, stack names ("can contain only alphanumeric characters (case-sensitive) and hyphens")
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import eksctl_docs, literal_text
from ekslint.values import V

RULE = Rule("EKS108", "eksctl-name-format", Severity.ERROR, tags=("cluster", "eksctl"), precision="very-high")

_INVALID = re.compile(r"[^a-zA-Z0-9\-]")


def _fixed(name: str) -> str:
    return re.sub(r"-+", "-", _INVALID.sub("-", name)).strip("-") or "my-name"


def _check(v: V | None, what: str, severity: Severity | None = None) -> Finding | None:
    name = literal_text(v)
    if not name or not _INVALID.search(name):
        return None
    bad = "".join(sorted({c for c in name if _INVALID.match(c)}))
    return RULE.finding(
        v, f"{what} `{name}` contains {bad!r}; eksctl names may only contain letters, digits and `-`: "
        f"rename it (e.g. `{_fixed(name)}`)", severity=severity)


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in eksctl_docs(ctx):
        root = doc.root
        yield _check(root.get("metadata", "name"), "cluster name (metadata.name)")
        for i, ng in enumerate((root.get("nodeGroups") or V([], None)).list()):
            yield _check(ng.get("name"), f"nodeGroups[{i}].name")
        for i, ng in enumerate((root.get("managedNodeGroups") or V([], None)).list()):
            yield _check(ng.get("name"), f"managedNodeGroups[{i}].name (part of its CloudFormation stack name)",
                         Severity.WARNING)
