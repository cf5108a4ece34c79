"""eksctl node-group field that its AMI family does not support (Bottlerocket, Windows).

## What it does
Reports eksctl node-group fields that eksctl refuses for the group's `amiFamily`:

- Bottlerocket / BottlerocketFips: `preBootstrapCommands` and `overrideBootstrapCommand`
  (both node-group kinds), `kubeletExtraConfig` (`nodeGroups`), and under
  `bottlerocket.settings.kubernetes` the keys `node-labels`, `node-taints`, `max-pods` (use
  `labels`, `taints`, `maxPodsPerNode`) and `cluster-dns-ip` together with `clusterDNS`;
- Windows Server families: `kubeletExtraConfig` (`nodeGroups`) and `overrideBootstrapCommand`
  (`managedNodeGroups`);
- a `bottlerocket:` block on a `nodeGroups` entry whose family is not Bottlerocket.

## Why is this bad
Bottlerocket has no shell bootstrap and takes its settings as TOML; Windows nodes run their own
bootstrap script. eksctl rejects the file: `overrideBootstrapCommand is not supported for
Bottlerocket nodegroups (path=managedNodeGroups[0].overrideBootstrapCommand)`, `invalid
Bottlerocket setting: use nodeGroups[0].labels instead`, `bottlerocket config can only be used
with amiFamily "Bottlerocket" or "BottlerocketFips" but found "AmazonLinux2023"`.

## Example
```yaml
managedNodeGroups:
  - name: br
    amiFamily: Bottlerocket
    preBootstrapCommands:
      - echo hello
```

## Use instead
```yaml
managedNodeGroups:
  - name: br
    amiFamily: Bottlerocket
    bottlerocket:
      settings:
        motd: "hello"
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B06 `bottlerocket-unsupported-fields` and B07 `windows-unsupported-fields`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateNodeGroup`, `ValidateManagedNodeGroup`, `checkBottlerocketSettings`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EksctlGroup, eksctl_groups, is_bottlerocket, is_windows

RULE = Rule("EKS213", "ami-family-unsupported-field", Severity.ERROR, tags=("nodes", "ami", "eksctl"),
            precision="very-high")

_INSTEAD = {
    "preBootstrapCommands": "put the settings under bottlerocket.settings",
    "overrideBootstrapCommand": "put the settings under bottlerocket.settings",
    "kubeletExtraConfig": "use bottlerocket.settings.kubernetes",
}
_BR_SETTINGS = {"node-labels": "labels", "node-taints": "taints", "max-pods": "maxPodsPerNode"}


def _unsupported(g: EksctlGroup, family: str) -> list[str]:
    if is_bottlerocket(family):
        fields = ["preBootstrapCommands", "overrideBootstrapCommand"]
        return fields if g.managed else ["kubeletExtraConfig", *fields]
    if is_windows(family):
        return ["overrideBootstrapCommand"] if g.managed else ["kubeletExtraConfig"]
    return []


def _check_group(g: EksctlGroup) -> Iterator[Finding | None]:
    family = g.family
    if family is None:
        return
    for field in _unsupported(g, family):
        v = g.get(field)
        if v is None or not g.has(field):
            continue
        if is_bottlerocket(family):
            fix = _INSTEAD[field]
        elif field == "kubeletExtraConfig":
            fix = "pass kubelet flags through the Windows bootstrap (preBootstrapCommands / a custom AMI)"
        else:
            fix = "remove it; Windows nodes always run the bootstrap script of the Windows AMI"
        yield RULE.finding(v.key_span or v, f"{g.label}: {field} is not supported for {family} node groups and eksctl "
                           f"refuses it; {fix}")
    block = g.get("bottlerocket")
    if block is None or not g.has("bottlerocket"):
        return
    if not g.managed and not is_bottlerocket(family):
        shown = family or "(not set)"
        yield RULE.finding(block.key_span or block, f"{g.label}: a bottlerocket block needs amiFamily Bottlerocket or "
                           f"BottlerocketFips, but the family is {shown}; set amiFamily: Bottlerocket or remove the block")
        return
    if g.managed or not is_bottlerocket(family):
        return
    kube = block.get("settings", "kubernetes")
    for key, val in kube.items() if kube is not None else []:
        if key in _BR_SETTINGS:
            yield RULE.finding(val.key_span or val, f"{g.label}: bottlerocket.settings.kubernetes.{key} is refused by "
                               f"eksctl; use {g.path}.{_BR_SETTINGS[key]} instead")
        elif key == "cluster-dns-ip" and g.ng.str("clusterDNS"):
            yield RULE.finding(val.key_span or val, f"{g.label}: set either bottlerocket.settings.kubernetes.cluster-dns-ip "
                               "or clusterDNS, not both; remove one", related=[g.get("clusterDNS")])


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        yield from _check_group(g)
