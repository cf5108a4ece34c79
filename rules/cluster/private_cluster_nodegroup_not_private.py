"""Node group in a fully-private eksctl cluster without `privateNetworking: true`.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true`, reports every `nodeGroups[]`
and `managedNodeGroups[]` entry that does not set `privateNetworking: true`. Leaving the key
out counts: eksctl wants it written explicitly.

## Why is this bad
A fully-private cluster has private subnets only and no internet egress. eksctl refuses the
file before creating anything:
`managedNodeGroups[0].privateNetworking must be enabled for a fully-private cluster`.

## Example
```yaml
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: private
  region: us-west-2
privateCluster:
  enabled: true
managedNodeGroups:
  - name: workers        # privateNetworking unset
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    privateNetworking: true
```

## References
- eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateClusterConfig` (`validateNg`)
- https://eksctl.io/usage/eks-private-cluster/ ("It is an error to leave `privateNetworking` unset in a fully-private cluster")
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import fully_private_clusters

RULE = Rule("EKS101", "private-cluster-nodegroup-not-private", Severity.ERROR, tags=("cluster", "network", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in fully_private_clusters(ctx):
        for key in ("nodeGroups", "managedNodeGroups"):
            groups = doc.root.get(key)
            for i, ng in enumerate(groups.list() if groups is not None else []):
                if not ng.is_map:
                    continue
                pn = ng.get("privateNetworking")
                if pn is not None and (pn.value is True or (not isinstance(pn.value, bool) and pn.value is not None)):
                    continue  # true, or a non-boolean that the schema check reports
                name = ng.str("name")
                label = f"{key}[{i}]" + (f" ({name})" if name else "")
                state = "is false" if pn is not None and pn.value is False else "is not set"
                where = pn if pn is not None and pn.where() else (ng.get("name") or ng)
                yield RULE.finding(
                    where,
                    f"{label}: privateNetworking {state} in a fully-private cluster (privateCluster.enabled); "
                    "eksctl rejects the file. Set `privateNetworking: true` on this node group",
                )
