"""EC2NodeClass subnet or security-group selector terms that the CRD rejects.

## What it does
Checks `spec.subnetSelectorTerms` and `spec.securityGroupSelectorTerms` (v1 and v1beta1) the way
the CRD does: an empty list; a term with none of `tags` / `id` (/ `name` for security groups);
`id` (or a security group `name`) combined with other fields in every term; an empty tag key or
value; an `id` that cannot be a subnet (`subnet-...`) or security group (`sg-...`) id.
Template values are skipped.

## Why is this bad
The API server refuses the EC2NodeClass, e.g. `subnetSelectorTerms cannot be empty`, `expected at
least one, got none, ['tags', 'id']`, `'id' is mutually exclusive, cannot be set with a combination
of other fields in a subnet selector term`, `empty tag keys or values aren't supported`. Without
the EC2NodeClass its NodePools launch no nodes.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  subnetSelectorTerms:
    - id: subnet-0a1b2c3d4e5f60718
      tags:
        karpenter.sh/discovery: prod
  securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: ""
```

## Use instead
```yaml
spec:
  subnetSelectorTerms:
    - id: subnet-0a1b2c3d4e5f60718      # one term per way of selecting
    - tags:
        karpenter.sh/discovery: prod
  securityGroupSelectorTerms:
    - tags:
        karpenter.sh/discovery: prod
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K10
- aws/karpenter-provider-aws `pkg/apis/v1/ec2nodeclass.go` (`SubnetSelectorTerms`, `SecurityGroupSelectorTerms` XValidations; `id` patterns `subnet-[0-9a-z]+`, `sg-[0-9a-z]+`; tag map validation); v0.37.7 `pkg/apis/v1beta1/ec2nodeclass.go`
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import NodeClass
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import concrete, key_at, label, opaque, present

RULE = Rule("EKS511", "nodeclass-selector-terms", Severity.ERROR, tags=("karpenter", "network"), precision="very-high")

# field: (selectors, exclusive fields, id pattern)
FIELDS = {
    "subnetSelectorTerms": (("tags", "id"), ("id",), re.compile(r"subnet-[0-9a-z]+")),
    "securityGroupSelectorTerms": (("tags", "id", "name"), ("id", "name"), re.compile(r"sg-[0-9a-z]+")),
}


def _check_field(nc: NodeClass, field: str) -> Iterator[Finding | None]:
    what = label(nc)
    s = nc.doc.get("spec")
    terms = s.get(field) if s is not None else None
    if terms is None or not terms.is_list:
        return
    selectors, exclusive, id_pattern = FIELDS[field]
    if not terms.value:
        yield RULE.finding(key_at(s, field), f"{what} has an empty {field}; the CRD rejects it (\"{field} cannot be "
                                             "empty\"): add a term, e.g. `- tags: {karpenter.sh/discovery: <cluster>}`")
        return
    entries = [t for t in terms.value if t.is_map]
    if len(entries) != len(terms.value) or any(opaque(t) for t in entries):
        return
    for term in entries:
        if not any(present(term, k) for k in selectors):
            yield RULE.finding(term, f"{what} {field} has a term with none of {', '.join(selectors)}; the CRD rejects "
                                     f"it (\"expected at least one, got none\"): select by {' or '.join(selectors)}")
        tags = term.get("tags")
        if tags is not None and tags.is_map:
            for k, v in tags.value.items():
                if k == "" or (v.is_str and v.value == ""):
                    where = key_at(tags, k) if k == "" else v
                    yield RULE.finding(where, f"{what} {field} has an empty tag {'key' if k == '' else 'value'}; the "
                                              "CRD rejects it (\"empty tag keys or values aren't supported\"): use "
                                              "`\"*\"` to match any value, or name the tag")
        ident = concrete(term.get("id"))
        if ident is not None and not id_pattern.search(ident):
            kind = "subnet" if field.startswith("subnet") else "security group"
            yield RULE.finding(term.get("id"), f"{what} {field} id {ident!r} is not a {kind} id "
                                               f"({id_pattern.pattern}); the CRD rejects it: use the {kind}'s id")
    for key in exclusive:
        others = [k for k in selectors if k != key]
        if all(present(t, key) and any(present(t, o) for o in others) for t in entries):
            first = entries[0]
            yield RULE.finding(key_at(first, key), f"{what} {field} combines `{key}` with other fields in its terms; "
                                                   f"the CRD rejects it (\"'{key}' is mutually exclusive\"): put "
                                                   f"`{key}` in a term of its own")


def check(ctx: Context) -> Iterator[Finding | None]:
    for nc in ctx.model.node_classes:
        for field in FIELDS:
            yield from _check_field(nc, field)
