"""eksctl managed node group with a `launchTemplate` and settings the template must carry instead.

## What it does
For `managedNodeGroups` entries with `launchTemplate`, reports a missing `launchTemplate.id`, a
`launchTemplate.version` that is not a whole number of at least 1 (`$Latest` and `$Default` are
not accepted), and each instance setting that eksctl cannot combine with a template you supply:
`instanceType`, `ami`, `ssh.allow`, `ssh.enableSsm`, `ssh.sourceSecurityGroupIds`,
`securityGroups.attachIDs`, `volumeSize`, `instanceName`, `instancePrefix`, `maxPodsPerNode`,
`disableIMDSv1: false`, `disablePodIMDS: true`, `preBootstrapCommands`,
`overrideBootstrapCommand` and `placement`.

## Why is this bad
eksctl refuses the file: `launchTemplate.id is required if launchTemplate is set`, `invalid launch
template version`, or `cannot set instanceType, ami, ssh.allow, ... in managedNodeGroup when a
launch template is supplied`. Those settings belong in the launch template itself.

## Example
```yaml
managedNodeGroups:
  - name: workers
    launchTemplate:
      id: lt-0a1b2c3d4e5f60718
      version: "$Latest"
    instanceType: m6i.large
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    launchTemplate:
      id: lt-0a1b2c3d4e5f60718
      version: "3"                  # the instance type is set in the launch template
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B10 `mng-launch-template-conflicts`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateManagedNodeGroup`
- eksctl `userdocs/src/usage/launch-template-support.md`
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EksctlGroup, eksctl_groups
from ekslint.values import V, is_placeholder

RULE = Rule("EKS216", "mng-launch-template-conflict", Severity.ERROR, tags=("nodes", "launch-template", "eksctl"),
            precision="very-high")


def _non_empty(v: V | None) -> bool:
    if v is None or not v.known or v.value is None:
        return False
    if isinstance(v.value, list | dict | str):
        return bool(v.value)
    return True


def _conflicts(g: EksctlGroup) -> Iterator[tuple[str, V]]:
    for path in (("instanceType",), ("ami",), ("instanceName",), ("instancePrefix",), ("ssh", "sourceSecurityGroupIds"),
                 ("securityGroups", "attachIDs"), ("preBootstrapCommands",)):
        v = g.get(*path)
        if _non_empty(v):
            yield ".".join(path), v
    for path in (("volumeSize",), ("overrideBootstrapCommand",), ("placement",)):
        if g.has(*path):
            yield ".".join(path), g.get(*path)
    for path in (("ssh", "allow"), ("ssh", "enableSsm"), ("disablePodIMDS",)):
        if g.is_true(*path):
            yield ".".join(path), g.get(*path)
    if g.is_false("disableIMDSv1"):
        yield "disableIMDSv1", g.get("disableIMDSv1")
    pods = g.get("maxPodsPerNode")
    if pods is not None and pods.known and pods.value not in (0, None):
        yield "maxPodsPerNode", pods


def _check(g: EksctlGroup, lt: V) -> Iterator[Finding | None]:
    lt_id = lt.get("id")
    if lt_id is None or (lt_id.known and lt_id.value in (None, "")):
        yield RULE.finding(lt.key_span or lt, f"{g.label}: launchTemplate needs an id (eksctl refuses it without one); "
                           "add `id: lt-...`")
    version = lt.get("version")
    if version is not None and version.known and isinstance(version.value, str | int | float) and not isinstance(
            version.value, bool):
        text = str(version.value).strip()
        keyword = text.lower() in ("$latest", "$default")  # EC2 keywords, not a shell variable
        if (keyword or not is_placeholder(text)) and (not re.fullmatch(r"[+-]?\d+", text) or int(text) < 1):
            yield RULE.finding(version, f"{g.label}: launchTemplate.version must be a version number of at least 1, "
                               f"not {text!r} (eksctl does not accept $Latest / $Default); write the number, e.g. \"1\"")
    for name, v in _conflicts(g):
        yield RULE.finding(v.key_span or v, f"{g.label}: {name} cannot be set together with launchTemplate (eksctl refuses "
                           "the file); set it in the launch template instead and remove it here", related=[lt])


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        lt = g.get("launchTemplate")
        if g.managed and lt is not None and lt.is_map:
            yield from _check(g, lt)
