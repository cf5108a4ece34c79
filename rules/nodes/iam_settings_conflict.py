"""eksctl node group `iam` settings that cannot be combined.

## What it does
Reports eksctl node groups whose `iam` names an existing role or instance profile
(`instanceRoleARN`, `instanceProfileARN`) and also asks eksctl to build or change a role
(`instanceRoleName`, `attachPolicy`, `attachPolicyARNs`, `instanceRolePermissionsBoundary`,
any enabled `withAddonPolicies.*`); `attachPolicyARNs` entries that are not ARNs; and
`disablePodIMDS: true` together with enabled `withAddonPolicies` (pods could not use them).

## Why is this bad
eksctl refuses the file: `nodeGroups[0].iam.instanceRoleARN and nodeGroups[0].iam.attachPolicyARNs
cannot be set at the same time`, `invalid ARN "AmazonS3ReadOnlyAccess" in
nodeGroups[0].iam.attachPolicyARNs`, `nodeGroups[0].disablePodIMDS and
nodeGroups[0].iam.withAddonPolicies cannot be set at the same time`. eksctl does not modify a
role it did not create: attach the policies to that role yourself.

## Example
```yaml
nodeGroups:
  - name: workers
    iam:
      instanceRoleARN: arn:aws:iam::111122223333:role/nodes
      withAddonPolicies:
        autoScaler: true
```

## Use instead
```yaml
nodeGroups:
  - name: workers
    iam:
      instanceRoleARN: arn:aws:iam::111122223333:role/nodes   # attach the autoscaler policy to this role
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G08 `iam-conflicts`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `validateNodeGroupIAM`, `validateNodeGroupIAMWithAddonPolicies`, `ValidateNodeGroup`, `validateNodeGroupBase`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EksctlGroup, eksctl_groups
from ekslint.values import V, is_placeholder

RULE = Rule("EKS222", "iam-settings-conflict", Severity.ERROR, tags=("nodes", "iam", "eksctl"), precision="very-high")

ADDON_POLICIES = ("autoScaler", "externalDNS", "certManager", "imageBuilder", "appMesh", "appMeshPreview", "ebs", "fsx",
                  "efs", "awsLoadBalancerController", "albIngress", "xRay", "cloudWatch")


def _enabled_addon_policies(iam: V) -> list[str]:
    pol = iam.get("withAddonPolicies")
    if pol is None or not pol.is_map:
        return []
    return [k for k in ADDON_POLICIES if (v := pol.get(k)) is not None and v.known and v.value is True]


def _role_changes(iam: V) -> list[str]:
    out = []
    if iam.str("instanceRoleName"):
        out.append("instanceRoleName")
    ap = iam.get("attachPolicy")
    if ap is not None and not (ap.known and ap.value is None):
        out.append("attachPolicy")
    arns = iam.get("attachPolicyARNs")
    if arns is not None and arns.is_list and arns.value:
        out.append("attachPolicyARNs")
    if iam.str("instanceRolePermissionsBoundary"):
        out.append("instanceRolePermissionsBoundary")
    out.extend(f"withAddonPolicies.{k}" for k in _enabled_addon_policies(iam))
    return out


def _check(g: EksctlGroup, iam: V) -> Iterator[Finding | None]:
    fields = ("instanceRoleARN",) if g.managed else ("instanceProfileARN", "instanceRoleARN")
    for field in fields:
        existing = iam.get(field)
        if existing is None or not existing.str():
            continue
        changes = _role_changes(iam)
        if changes:
            yield RULE.finding(existing.key_span or existing,
                               f"{g.label}: iam.{field} uses an existing role, so eksctl refuses iam.{changes[0]}"
                               f"{' (and ' + ', '.join(changes[1:]) + ')' if changes[1:] else ''}; attach those policies "
                               f"to the role yourself and remove them here, or drop {field} and let eksctl create the role")
            break
    if not g.managed:
        arns = iam.get("attachPolicyARNs")
        for arn in arns.list() if arns is not None else []:
            text = arn.str()
            if text and not is_placeholder(text) and not (text.startswith("arn:") and text.count(":") >= 5):
                yield RULE.finding(arn, f"{g.label}: {text!r} in iam.attachPolicyARNs is not an ARN; write "
                                   f"arn:aws:iam::aws:policy/{text.rsplit('/', 1)[-1]} (or your account's policy ARN)")
    if g.is_true("disablePodIMDS"):
        enabled = _enabled_addon_policies(iam)
        if enabled:
            v = g.get("disablePodIMDS")
            yield RULE.finding(v.key_span or v, f"{g.label}: disablePodIMDS: true blocks pods from the node role, so "
                               f"withAddonPolicies ({', '.join(enabled)}) cannot be used with it; remove one of them "
                               "(IRSA / Pod Identity give pods their own roles)")


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        iam = g.get("iam")
        if iam is not None and iam.is_map:
            yield from _check(g, iam)
