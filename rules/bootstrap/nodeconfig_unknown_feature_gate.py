"""NodeConfig `spec.featureGates` key that nodeadm does not know.

## What it does
Reports keys of `spec.featureGates` other than nodeadm's gates `InstanceIdNodeName` and
`FastImagePull`, with the closest one. Kubernetes feature gates belong in
`spec.kubelet.config.featureGates`, and the message says so when the key is not a near miss.

## Why is this bad
nodeadm looks gates up by exact name and treats an unknown one as off, without a message:
the feature you asked for (instance-ID node names, parallel image pulls, or a kubelet feature
gate put in the wrong place) is silently not enabled.

## Example
```yaml
spec:
  featureGates:
    InstanceIDNodeName: true
```

## Use instead
```yaml
spec:
  featureGates:
    InstanceIdNodeName: true
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N13; amazon-eks-ami `nodeadm/internal/api/featuregates.go`
  (`IsFeatureEnabled` returns false for unknown gates), `nodeadm/api/v1alpha1/nodeconfig_types.go`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import closest, nodeconfigs
from ekslint.values import is_placeholder

RULE = Rule("EKS310", "nodeconfig-unknown-feature-gate", Severity.WARNING, tags=("bootstrap", "nodeadm"),
            precision="very-high")

GATES = ("InstanceIdNodeName", "FastImagePull")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        gates = doc.get("spec", "featureGates")
        if gates is None or not gates.is_map:
            continue
        for key, value in gates.items():
            if key in GATES or is_placeholder(key):
                continue
            near = closest(key, GATES)
            fix = (f"write `{near}`" if near else
                   "nodeadm knows only InstanceIdNodeName and FastImagePull; put Kubernetes feature gates under "
                   "spec.kubelet.config.featureGates")
            yield RULE.finding(value.key_span or value,
                               f"featureGates key {key!r} is not a nodeadm feature gate, so nodeadm ignores it and the "
                               f"feature stays off; {fix}")
