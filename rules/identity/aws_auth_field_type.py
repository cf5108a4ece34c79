"""aws-auth mapping field of the wrong type: `groups` not a list, or a non-string value.

## What it does
Reports aws-auth mappings (ConfigMap YAML, Terraform `kubernetes_config_map*` data,
terraform-aws-eks `aws_auth_roles` / `aws_auth_users`, eksctl `iamIdentityMappings`) whose
`groups` is a single string or a mapping instead of a list, whose `groups` list holds something
other than strings (a nested list, a mapping, a number), or whose `rolearn`, `userarn` or
`username` is not a string.

## Why is this bad
The authenticator decodes each entry into strings and a list of strings. A value of another type
fails that decoding: the error is only logged, the field is left empty and the rest of the entry
is kept. A mapping with `groups: system:masters` therefore exists with no groups at all; a node
mapping with `groups = "system:nodes"` (easy to write in Terraform before `yamlencode`) leaves the
node outside `system:nodes`, `Forbidden` to register. eksctl refuses such an
`iamIdentityMappings` entry outright.

## Example
```hcl
mapRoles = yamlencode([{
  rolearn  = "arn:aws:iam::111122223333:role/admins"
  username = "admin:{{SessionName}}"
  groups   = "system:masters"
}])
```

## Use instead
```hcl
mapRoles = yamlencode([{
  rolearn  = "arn:aws:iam::111122223333:role/admins"
  username = "admin:{{SessionName}}"
  groups   = ["system:masters"]
}])
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A06 (the kept-with-empty-field outcome is inferred
  there from Go's encoding/json), citing kubernetes-sigs/aws-iam-authenticator `pkg/config/types.go`
  (`RoleMapping`/`UserMapping`: string fields, `Groups []string`) and `pkg/mapper/configmap/configmap.go` `ParseMap`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import mapping_label
from ekslint.values import V

RULE = Rule("EKS414", "aws-auth-field-type", Severity.ERROR, tags=("identity", "aws-auth"), precision="very-high")


def _type(v: V) -> str:
    if v.is_list:
        return "a list"
    if v.is_map:
        return "a mapping"
    if isinstance(v.value, bool):
        return "a boolean"
    if isinstance(v.value, int | float):
        return "a number"
    return "a string"


def check(ctx: Context) -> Iterator[Finding | None]:
    for mp in ctx.model.role_mappings:
        if mp.kind == "account" or mp.entry is None:
            continue
        label = mapping_label(mp)
        gv = mp.groups_value
        if gv is not None and gv.known and gv.value is not None and not gv.is_list:
            example = f"[{gv.value}]" if isinstance(gv.value, str) else "[group-a, group-b]"
            yield RULE.finding(gv, f"{label} has groups as {_type(gv)}, not a list: the authenticator cannot decode it "
                               f"and gives the mapping no groups at all. Write a list: groups: {example}")
        elif gv is not None and gv.is_list:
            for g in gv.list():
                if g.known and g.value is not None and not isinstance(g.value, str):
                    yield RULE.finding(g, f"{label} has a group that is {_type(g)}, not a string: the authenticator "
                                       "cannot decode the groups and gives the mapping none. Write each group as one "
                                       "`- name` item")
        field = "rolearn" if mp.kind == "role" else "userarn"
        if mp.source == "eksctl":
            field = "arn"
        for name, v in ((field, mp.arn), ("username", mp.username)):
            if v is not None and v.known and v.value is not None and not isinstance(v.value, str):
                yield RULE.finding(v, f"{label} has {name} as {_type(v)}, not a string: the authenticator cannot decode "
                                   f"it and leaves {name} empty. Quote the value as a single string")
