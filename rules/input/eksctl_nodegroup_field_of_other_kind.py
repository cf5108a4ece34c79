"""A managed-node-group field under `nodeGroups`, or a self-managed one under `managedNodeGroups`.

## What it does
Reports keys written in an entry of `nodeGroups` (self-managed) that only managed node groups
have (`instanceTypes`, `spot`, `launchTemplate`, `releaseVersion`, `nodeRepairConfig`), and keys
in an entry of `managedNodeGroups` that only self-managed node groups have
(`instancesDistribution`, `kubeletExtraConfig`, `clusterDNS`, `containerRuntime`, `cpuCredits`,
`targetGroupARNs`, `classicLoadBalancerNames`, `asgMetricsCollection`, `maxInstanceLifetime`,
`localZones`, `enclaveEnabled`). The message names the list the key belongs to and what to write
instead, when there is an equivalent.

## Why is this bad
The two lists have different Go types in eksctl, and its strict decoding rejects a key the type
does not have: `error unmarshaling JSON: while decoding JSON: json: unknown field "instanceTypes"`.
Copying a node group from one list to the other is the usual way this happens.

## Example
```yaml
nodeGroups:
  - name: spot-workers
    instanceTypes: [m5.large, m5a.large]
    spot: true
```

## Use instead
```yaml
managedNodeGroups:
  - name: spot-workers
    instanceTypes: [m5.large, m5a.large]
    spot: true
```
or keep it self-managed:
```yaml
nodeGroups:
  - name: spot-workers
    instancesDistribution:
      instanceTypes: [m5.large, m5a.large]
      onDemandPercentageAboveBaseCapacity: 0
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, E02 and 2A (node-group-only and managed-only keys)
- eksctl `pkg/apis/eksctl.io/v1alpha5/types.go` (`NodeGroup`, `ManagedNodeGroup`, `NodeGroupBase`)
- eksctl `pkg/eks/api.go` `ParseConfig` (strict decoding)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.input._common import eksctl_problems, other_node_group_kind
from ekslint.schema.eksctl import EQUIVALENT_IN_MANAGED, EQUIVALENT_IN_NODE_GROUP

RULE = Rule("EKS011", "eksctl-nodegroup-field-of-other-kind", Severity.ERROR, tags=("input", "eksctl", "schema"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for p in eksctl_problems(ctx):
        belongs = other_node_group_kind(p)
        if belongs is None or p.key is None:
            continue
        here = p.keys[0]
        kind = "managed" if belongs == "managedNodeGroups" else "self-managed"
        equivalent = (EQUIVALENT_IN_NODE_GROUP if here == "nodeGroups" else EQUIVALENT_IN_MANAGED).get(p.key)
        fix = (f"use {equivalent} here, or move the node group to `{belongs}`" if equivalent
               else f"move the node group to `{belongs}` or remove the key")
        yield RULE.finding(
            p.value.key_span or p.value.where(),
            f"`{p.key}` in {p.path} is a field of {kind} node groups (`{belongs}`), not of `{here}`: eksctl rejects "
            f"the file (`json: unknown field \"{p.key}\"`); {fix}",
        )
