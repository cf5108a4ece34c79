"""aws-auth entry without an ARN, or with both `rolearn` and `sso`.

## What it does
Reports aws-auth `mapRoles` entries that have neither `rolearn` nor `sso` (often a misspelled
key such as `role_arn` or `rolearm`), or an empty one, or both; and `mapUsers` entries without
`userarn`. Reads the ConfigMap YAML, Terraform `kubernetes_config_map*` data and the
terraform-aws-eks `aws_auth_roles` / `aws_auth_users` inputs. Entry keys are compared without
regard to case, as the authenticator does.

## Why is this bad
The authenticator validates every entry and drops the ones that fail, logging
`one of rolearn or SSO must be supplied`, `only one of rolearn or SSO can be supplied` or
`value for userarn must be supplied`. Nothing fails at apply time; the role or user the entry
was meant for is simply unknown and gets `Unauthorized`.

## Example
```yaml
mapRoles: |
  - role_arn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A07, citing kubernetes-sigs/aws-iam-authenticator
  `pkg/config/mapper.go` `Validate` (the three messages above)
- kubernetes-sigs/aws-iam-authenticator `pkg/config/types.go` (`rolearn`, `sso`, `userarn`)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import key_at
from ekslint.values import V

RULE = Rule("EKS415", "aws-auth-entry-missing-arn", Severity.ERROR, tags=("identity", "aws-auth"),
            precision="very-high")

ENTRY_KEYS = ("rolearn", "userarn", "username", "groups", "sso", "userid")


def _keys(entry: V) -> dict[str, tuple[str, V]]:
    return {k.lower(): (k, v) for k, v in entry.items()}


def _first_key(entry: V) -> V:
    for _, v in entry.items():
        if v.key_span is not None:
            return V(None, v.key_span)
    return entry


def _near(keys: dict[str, tuple[str, V]], want: str) -> tuple[str, V] | None:
    for low, (key, v) in keys.items():
        if low in ENTRY_KEYS:
            continue
        squeezed = low.replace("_", "").replace("-", "")
        if squeezed == want or difflib.get_close_matches(low, [want], n=1, cutoff=0.75):
            return key, v
    return None


def _empty(v: V) -> bool:
    return v.known and (v.value is None or (isinstance(v.value, str) and not v.value.strip()))


def check(ctx: Context) -> Iterator[Finding | None]:
    for auth in ctx.model.aws_auth:
        if auth.source == "eksctl":
            continue  # eksctl validates iamIdentityMappings itself
        for mp in auth.mappings:
            entry = mp.entry
            if mp.kind == "account" or entry is None or not entry.is_map:
                continue
            keys = _keys(entry)
            want = "rolearn" if mp.kind == "role" else "userarn"
            has_sso = mp.kind == "role" and "sso" in keys
            found = keys.get(want)
            if found is not None and not _empty(found[1]):
                if has_sso:
                    yield RULE.finding(key_at(keys["sso"][1]),
                                       "this mapRoles entry has both rolearn and sso; the authenticator drops it "
                                       "(\"only one of rolearn or SSO can be supplied\"). Keep one of them")
                continue
            if has_sso:
                continue
            if found is not None:
                yield RULE.finding(found[1], f"this entry's {want} is empty; the authenticator drops the entry. "
                                   f"Set {want} to the ARN to map")
                continue
            near = _near(keys, want)
            kind = "mapRoles" if mp.kind == "role" else "mapUsers"
            if near is not None:
                key, v = near
                yield RULE.finding(key_at(v),
                                   f"this {kind} entry has {key!r} but no {want}; the authenticator drops the entry "
                                   f"and the ARN is not mapped. Rename {key!r} to {want}")
            else:
                yield RULE.finding(_first_key(entry), f"this {kind} entry has no {want}"
                                   + (" (nor sso)" if mp.kind == "role" else "")
                                   + f"; the authenticator drops it. Add `{want}:` with the ARN to map")
