"""eksctl Auto Mode cluster that also declares node groups.

## What it does
Reports `nodeGroups` and `managedNodeGroups` in a ClusterConfig with `autoModeConfig.enabled:
true`. It is a warning: the same file may be meant for `eksctl create nodegroup` once the
cluster and its networking add-ons exist, which eksctl allows.

## Why is this bad
`eksctl create cluster` refuses the file: `creation of managed or self-managed nodegroups is not
supported during cluster creation when Auto Mode is enabled; please create them post cluster
creation using eksctl create nodegroup after creating core networking addons in the cluster`.
Auto Mode clusters ship without the VPC CNI, kube-proxy and CoreDNS add-ons that ordinary nodes
need.

## Example
```yaml
autoModeConfig:
  enabled: true
managedNodeGroups:
  - name: workers
```

## Use instead
```yaml
autoModeConfig:
  enabled: true
  nodePools: [general-purpose, system]   # Auto Mode runs the nodes
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G10 `auto-mode-no-nodegroups`: eksctl `pkg/ctl/cmdutils/configfile.go` (create-cluster loader)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS224", "auto-mode-with-node-groups", Severity.WARNING, tags=("nodes", "auto-mode", "eksctl"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in ctx.documents_of(EKSCTL):
        enabled = doc.root.get("autoModeConfig", "enabled")
        if enabled is None or not enabled.known or enabled.value is not True:
            continue
        for key in ("nodeGroups", "managedNodeGroups"):
            groups = doc.root.get(key)
            if groups is None or not groups.is_list or not groups.value:
                continue
            yield RULE.finding(
                groups.key_span or groups,
                f"{key} in an Auto Mode cluster: `eksctl create cluster` refuses node groups when autoModeConfig is "
                "enabled; create the cluster without them and add them later with `eksctl create nodegroup` (after "
                "installing vpc-cni, kube-proxy and coredns), or let Auto Mode node pools run the workloads",
                related=[enabled],
            )
