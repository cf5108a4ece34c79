"""eksctl `kubeletExtraConfig` overriding a kubelet setting eksctl depends on.

## What it does
Reports keys of `nodeGroups[].kubeletExtraConfig` that eksctl refuses to override: `kind`,
`apiVersion`, `address`, `clusterDomain`, `authentication`, `authorization` and
`serverTLSBootstrap`.

## Why is this bad
eksctl writes these kubelet settings itself so that the node can authenticate and serve the API
server; it rejects the file with `cannot override "authentication" in kubelet config, as it's
critical to eksctl functionality`.

## Example
```yaml
nodeGroups:
  - name: workers
    kubeletExtraConfig:
      clusterDomain: corp.local
      maxPods: 58
```

## Use instead
```yaml
nodeGroups:
  - name: workers
    kubeletExtraConfig:
      maxPods: 58
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B08 `kubelet-extra-config-forbidden-keys`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `validateNodeGroupKubeletExtraConfig`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import eksctl_groups, is_bottlerocket, is_windows

RULE = Rule("EKS214", "kubelet-extra-config-forbidden-key", Severity.ERROR, tags=("nodes", "kubelet", "eksctl"),
            precision="very-high")

FORBIDDEN = ("kind", "apiVersion", "address", "clusterDomain", "authentication", "authorization", "serverTLSBootstrap")


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        if g.managed or is_bottlerocket(g.family) or is_windows(g.family):
            continue  # kubeletExtraConfig is refused as a whole there (EKS213)
        config = g.get("kubeletExtraConfig")
        if config is None:
            continue
        for key, val in config.items():
            if key in FORBIDDEN:
                yield RULE.finding(val.key_span or val, f"{g.label}: kubeletExtraConfig.{key} is set by eksctl and "
                                   "cannot be overridden (eksctl refuses the file); remove it")
