"""eksctl managed node group with a setting only self-managed groups support, or a bad `updateConfig`.

## What it does
Reports, for `managedNodeGroups` entries: `iam.instanceProfileARN`, `outpostARN`,
`securityGroups.withLocal: true` / `withShared: true`, `instanceType` together with
`instanceTypes` or `instanceSelector`, and an `updateConfig` that sets neither or both of
`maxUnavailable` and `maxUnavailablePercentage`, or a `maxUnavailable` above `maxSize`.

## Why is this bad
EKS creates the instance profile and the security groups of managed nodes itself and does not run
them on Outposts; eksctl refuses the file: `instanceProfileARN is not supported for Managed
Nodes`, `Outposts is not supported for managed nodegroups`, `securityGroups.withLocal and
securityGroups.withShared are not supported for managed nodegroups`, `only one of instanceType or
instanceTypes can be specified`, `invalid UpdateConfig: maxUnavailable or
maxUnavailablePercentage must be defined`, `maxUnavailable=5 cannot be greater than maxSize=3`.

## Example
```yaml
managedNodeGroups:
  - name: workers
    instanceType: m6i.large
    instanceTypes: [m6i.large, m5.large]
    iam:
      instanceProfileARN: arn:aws:iam::111122223333:instance-profile/nodes
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    instanceTypes: [m6i.large, m5.large]
    iam:
      instanceRoleARN: arn:aws:iam::111122223333:role/nodes
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G06 `mng-unsupported` and G05 (`updateConfig`): eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateManagedNodeGroup`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EksctlGroup, eksctl_groups, known_int
from ekslint.values import V

RULE = Rule("EKS220", "mng-unsupported-setting", Severity.ERROR, tags=("nodes", "eksctl"), precision="very-high")


def _at(v: V) -> V:
    return v if v.key_span is None else V(None, v.key_span)


def _fields(g: EksctlGroup) -> Iterator[tuple[V, str]]:
    profile = g.get("iam", "instanceProfileARN")
    if profile is not None and profile.str():
        yield _at(profile), "iam.instanceProfileARN is not supported for managed nodes; use iam.instanceRoleARN (EKS makes the profile)"
    outpost = g.get("outpostARN")
    if outpost is not None and outpost.str():
        yield _at(outpost), "managed node groups cannot run on Outposts; move it to nodeGroups"
    for key in ("withLocal", "withShared"):
        if g.is_true("securityGroups", key):
            yield _at(g.get("securityGroups", key)), (f"securityGroups.{key} is not supported for managed node groups; "
                                                       "remove it (use securityGroups.attachIDs for extra groups)")
    one = g.get("instanceType")
    if one is not None and one.str():
        types = g.get("instanceTypes")
        if types is not None and types.is_list and types.value:
            yield _at(one), "set either instanceType or instanceTypes, not both; list every type under instanceTypes"
        selector = g.get("instanceSelector")
        if selector is not None and selector.is_map and any(v.known and v.value not in (None, 0, "", [], {})
                                                             for _, v in selector.items()):
            yield _at(one), "instanceType cannot be combined with instanceSelector; remove one of them"


def _update_config(g: EksctlGroup) -> Iterator[tuple[V, str]]:
    uc = g.get("updateConfig")
    if uc is None or not uc.is_map:
        return
    count, pct = uc.get("maxUnavailable"), uc.get("maxUnavailablePercentage")
    has_count = count is not None and not (count.known and count.value is None)
    has_pct = pct is not None and not (pct.known and pct.value is None)
    if not has_count and not has_pct:
        yield _at(uc), "updateConfig needs maxUnavailable or maxUnavailablePercentage; add one"
    elif has_count and has_pct:
        yield _at(pct), "updateConfig may set maxUnavailable or maxUnavailablePercentage, not both; remove one"
    n, top = known_int(count), known_int(g.get("maxSize"))
    if n is not None and top is not None and n > top:
        yield count, f"updateConfig.maxUnavailable {n} is greater than maxSize {top}; lower it to at most {top}"


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        if not g.managed:
            continue
        for where, message in (*_fields(g), *_update_config(g)):
            yield RULE.finding(where, f"{g.label}: {message} (eksctl refuses the file)")
