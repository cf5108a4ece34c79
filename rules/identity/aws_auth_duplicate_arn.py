"""The same `rolearn` or `userarn` mapped twice in one aws-auth ConfigMap.

## What it does
Reports aws-auth mappings (ConfigMap YAML, Terraform `kubernetes_config_map*` data,
terraform-aws-eks `aws_auth_roles` / `aws_auth_users` together with the node roles the v19
module maps itself, eksctl `iamIdentityMappings`) whose ARN appears again later in the same
ConfigMap, compared without regard to case. Terraform references count as equal when they name
the same attribute (`aws_iam_role.nodes.arn` twice). The finding is on the earlier mapping, the
one that is ignored:
- error when the two differ and either maps nodes (`system:nodes` or a node username);
- warning when they differ otherwise;
- note when they are identical (harmless, but the next edit to one of them is silently lost).

In eksctl `iamIdentityMappings`, a repeat that sets `noDuplicateARNs: true` is skipped by eksctl
when it equals the earlier mapping (not reported) and makes eksctl stop with an error when it
differs (reported on the repeat).

## Why is this bad
The authenticator stores mappings in a map keyed by the lower-cased ARN, so a later entry
silently replaces an earlier one: the groups and username of the first never apply. A node role
mapped once by hand and once more for an admin username loses `system:nodes`; nodes stop
registering after an unrelated change. eksctl offers `noDuplicateARNs: true` to stop this
shadowing.

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
  - rolearn: arn:aws:iam::111122223333:role/EKS-Nodes
    username: ops
    groups: [ops]
```

## Use instead
Map each role once, with every group it needs:
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A12, citing kubernetes-sigs/aws-iam-authenticator
  `pkg/mapper/configmap/configmap.go` `saveMap` (maps keyed by `strings.ToLower(RoleARN)` / `UserARN`)
- eksctl `examples/35-iamidentitymappings.yaml` (`noDuplicateARNs: true # prevents shadowing of ARNs`) and
  `pkg/actions/iamidentitymapping/create.go` ("found existing mapping with the same arn %q and shadowing is disabled")
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import RoleMapping
from ekslint.rule import Rule
from ekslint.rules.identity._common import clean, is_node_mapping, mapping_groups_text, mapping_label
from ekslint.values import known_bool, known_str

RULE = Rule("EKS416", "aws-auth-duplicate-arn", Severity.ERROR, tags=("identity", "aws-auth"), precision="very-high")


def _key(mp: RoleMapping) -> str | None:
    v = mp.arn
    if v is None:
        return None
    text = clean(known_str(v))
    if text:
        return text.lower()
    if not v.known and v.ref and v.partial is None and getattr(v, "func", None) is None:
        return "ref:" + v.ref
    return None


def _same(a: RoleMapping, b: RoleMapping) -> bool | None:
    ga, gb = mapping_groups_text(a), mapping_groups_text(b)
    ua, ub = known_str(a.username), known_str(b.username)
    if ga is None or gb is None or (a.username is not None and ua is None) or (b.username is not None and ub is None):
        return None
    return sorted(ga) == sorted(gb) and ua == ub


def _no_duplicates(mp: RoleMapping) -> bool:
    flag = mp.entry.get("noDuplicateARNs") if mp.entry is not None else None
    return known_bool(flag) is True


def check(ctx: Context) -> Iterator[Finding | None]:
    for auth in ctx.model.aws_auth:
        seen: dict[tuple[str, str], list[RoleMapping]] = {}
        for mp in auth.mappings:
            if mp.kind == "account":
                continue
            key = _key(mp)
            if key is not None:
                seen.setdefault((mp.kind, key), []).append(mp)
        for (kind, _), group in seen.items():
            last = group[-1]
            for mp in group[:-1]:
                field = "rolearn" if kind == "role" else "userarn"
                same = _same(mp, last)
                if same is None:
                    continue
                where = mp.arn if mp.entry is not None or mp.arn is None else None
                where = where or mp.span
                if auth.source == "eksctl" and _no_duplicates(last):
                    if same:
                        continue  # with noDuplicateARNs eksctl skips a repeat equal to an existing mapping
                    if known_str(last.arn) == known_str(mp.arn):
                        yield RULE.finding(
                            last.arn or last.span,
                            f"{mapping_label(last)} repeats the ARN of an earlier iamIdentityMappings entry with "
                            "noDuplicateARNs: true; eksctl stops with \"found existing mapping with the same arn ... "
                            "and shadowing is disabled\". Merge the two entries into one",
                            related=[mp.arn or mp.span],
                        )
                        continue
                if same:
                    yield RULE.finding(where, f"{mapping_label(mp)} is mapped again later with the same username and "
                                       "groups; the authenticator keeps only the last. Remove one of them",
                                       severity=Severity.NOTE, related=[last.arn or last.span])
                    continue
                nodes = is_node_mapping(mp) or is_node_mapping(last)
                yield RULE.finding(
                    where,
                    f"{mapping_label(mp)} is mapped again later with another username or groups; the authenticator "
                    f"keys mappings by the lower-cased {field} and keeps only the last, so this one never applies"
                    + (" (a node mapping: nodes may lose system:nodes)" if nodes else "")
                    + ". Merge them into one entry with every group it needs",
                    severity=Severity.ERROR if nodes else Severity.WARNING,
                    related=[last.arn or last.span],
                )
