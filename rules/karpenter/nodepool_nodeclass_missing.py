"""NodePool whose `nodeClassRef` names an EC2NodeClass that does not exist.

## What it does
Compares each NodePool's `spec.template.spec.nodeClassRef.name` (v1 and v1beta1) with the
`metadata.name` of the EC2NodeClasses in the scanned files and reports a name that matches none.
References to another kind than `EC2NodeClass` are not checked. The rule only runs when the
scanned files define at least one EC2NodeClass (otherwise the classes live elsewhere), and stays
silent when a name is a placeholder, when an EC2NodeClass name is not known, or when a file
declares an EC2NodeClass that ekslint could not read (a Helm template, Terraform it cannot
evaluate).

## Why is this bad
EC2NodeClass is cluster-scoped and looked up by name only. With no match the NodePool gets
`NodeClassReady=False` with reason `NodeClassNotFound` ("NodeClass not found on cluster"), and
Karpenter ignores it: pending pods that only this NodePool could serve stay Pending and no node
is launched.

## Example
```yaml
apiVersion: karpenter.sh/v1
kind: NodePool
metadata:
  name: default
spec:
  template:
    spec:
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: defualt
---
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
```

## Use instead
```yaml
      nodeClassRef:
        group: karpenter.k8s.aws
        kind: EC2NodeClass
        name: default
```

## References
- kubernetes-sigs/karpenter `pkg/controllers/nodepool/readiness/controller.go` (`NodeClassNotFound`, "NodeClass not found on cluster")
- kubernetes-sigs/karpenter `pkg/apis/v1/nodeclaim.go` (`NodeClassReference`: group, kind, name)
- karpenter-provider-aws `pkg/apis/v1/ec2nodeclass.go` (EC2NodeClass is cluster-scoped)
- https://karpenter.sh/docs/concepts/nodepools/ (`nodeClassRef`)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.values import is_placeholder

MAX_LISTED = 6
RULE = Rule("EKS503", "nodepool-nodeclass-missing", Severity.ERROR, tags=("karpenter",), precision="high")


# declarations: a top-level YAML `kind: EC2NodeClass`; in JSON or HCL any `kind` of EC2NodeClass,
# less the ones inside a nodeClassRef
_YAML_DECL = re.compile(r"^kind:[ \t]*[\"']?EC2NodeClass\b", re.M)
_HCL_KIND = re.compile(r"\bkind[ \t]*=[ \t]*\"EC2NodeClass\"")
_JSON_KIND = re.compile(r"\"kind\"[ \t]*:[ \t]*\"EC2NodeClass\"")


def _unread_declarations(ctx: Context) -> bool:
    """True when a file declares more EC2NodeClasses than were read (Helm template, unevaluated Terraform)."""
    read: dict[str, int] = {}
    for nc in ctx.model.node_classes:
        read[nc.span.file] = read.get(nc.span.file, 0) + 1
    for f in ctx.files:
        if "EC2NodeClass" not in f.text:
            continue
        name = f.display.lower()
        if name.endswith(".json"):
            declared = max(0, len(_JSON_KIND.findall(f.text)) - f.text.count("nodeClassRef"))
        else:
            declared = len(_YAML_DECL.findall(f.text))
            if name.endswith(".tf"):
                declared += max(0, len(_HCL_KIND.findall(f.text)) - f.text.count("nodeClassRef"))
        if declared > read.get(f.display, 0):
            return True
    return False


def check(ctx: Context) -> Iterator[Finding | None]:
    classes = ctx.model.node_classes
    if not classes or _unread_declarations(ctx):
        return
    names: list[str] = []
    for nc in classes:
        name = nc.name.str() if nc.name is not None else None
        if not name or is_placeholder(name):
            return  # a class whose name is not known could be the one referred to
        names.append(name)
    unique = sorted(set(names))
    for pool in ctx.model.node_pools:
        ref = pool.node_class_ref
        target = pool.node_class_name
        if ref is None or target is None or not target.is_str or is_placeholder(target.value):
            continue
        kind = ref.get("kind")
        if kind is not None and (not kind.is_str or kind.value != "EC2NodeClass"):
            continue
        if target.value in names:
            continue
        close = difflib.get_close_matches(target.value, unique, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        shown = ([close[0]] if close else []) + [n for n in unique if not close or n != close[0]]
        listed = ", ".join(repr(n) for n in shown[:MAX_LISTED])
        if len(shown) > MAX_LISTED:
            listed += f" and {len(shown) - MAX_LISTED} more"
        pool_name = pool.name.str() if pool.name is not None else None
        owner = f"NodePool {pool_name!r}" if pool_name else "NodePool"
        yield RULE.finding(
            target,
            f"{owner} refers to EC2NodeClass {target.value!r}, which is not defined here (EC2NodeClasses found: {listed}): "
            f"the NodePool stays NodeClassReady=False (NodeClassNotFound) and launches no nodes; {hint}"
            "set nodeClassRef.name to an existing EC2NodeClass or add that EC2NodeClass",
        )
