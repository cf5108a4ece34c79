"""NodeConfig `kubelet.config` field with a value of the wrong type.

## What it does
Checks well-known fields of the KubeletConfiguration fragment in `spec.kubelet.config`:
lists (`clusterDNS`, `registerWithTaints`, `allowedUnsafeSysctls`), numbers (`maxPods`,
`podsPerCore`, `kubeAPIQPS`, `kubeAPIBurst`, `maxParallelImagePulls`, `registryPullQPS`,
`registryBurst`, `eventRecordQPS`, `eventBurst`, `imageGCHighThresholdPercent`,
`imageGCLowThresholdPercent`), booleans (`serializeImagePulls`, `failSwapOn`,
`protectKernelDefaults`), maps of strings (`kubeReserved`, `systemReserved`, `evictionHard`,
`evictionSoft`) and `featureGates` (map of booleans). A quoted number (`maxPods: "110"`) or a
single string instead of a list (`clusterDNS: 10.100.0.10`) is reported.

## Why is this bad
nodeadm writes the fragment as a kubelet configuration drop-in without checking it; kubelet
decodes its configuration files strictly and refuses to start (`failed to load kubelet config
file ... cannot unmarshal string into Go struct field KubeletConfiguration.clusterDNS of type
[]string`): the node never registers.

## Example
```yaml
spec:
  kubelet:
    config:
      maxPods: "110"
      clusterDNS: 10.100.0.10
```

## Use instead
```yaml
spec:
  kubelet:
    config:
      maxPods: 110
      clusterDNS: [10.100.0.10]
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N15 (types inferred from KubeletConfiguration: hence a warning);
  amazon-eks-ami `nodeadm/internal/kubelet/config.go` `writeKubeletConfig` (drop-in `40-nodeadm.conf`)
- https://kubernetes.io/docs/reference/config-api/kubelet-config.v1beta1/
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import nodeconfigs
from ekslint.values import V, is_placeholder

RULE = Rule("EKS329", "nodeconfig-kubelet-config-type", Severity.WARNING, tags=("bootstrap", "nodeadm", "kubelet"),
            precision="high")

LISTS = ("clusterDNS", "registerWithTaints", "allowedUnsafeSysctls", "tlsCipherSuites")
INTS = ("maxPods", "podsPerCore", "kubeAPIQPS", "kubeAPIBurst", "maxParallelImagePulls", "registryPullQPS",
        "registryBurst", "eventRecordQPS", "eventBurst", "imageGCHighThresholdPercent", "imageGCLowThresholdPercent")
BOOLS = ("serializeImagePulls", "failSwapOn", "protectKernelDefaults")
STR_MAPS = ("kubeReserved", "systemReserved", "evictionHard", "evictionSoft")


def _problem(key: str, v: V) -> str | None:
    val = v.value
    if isinstance(val, str) and is_placeholder(val):
        return None
    if key in LISTS and not isinstance(val, list):
        return f"must be a list (`{key}: [{val}]`)" if isinstance(val, str) else "must be a list"
    if key in INTS and (isinstance(val, bool) or not isinstance(val, int | float)):
        return f"must be a number, not {type(val).__name__} (write `{key}: {val}` without quotes)" \
            if isinstance(val, str) and val.strip().isdigit() else "must be a number"
    if key in BOOLS and not isinstance(val, bool):
        return "must be true or false (without quotes)"
    if key in STR_MAPS:
        if not isinstance(val, dict):
            return "must be a map of resource names to quantities (e.g. `memory: 1Gi`)"
        bad = [k for k, item in val.items() if item.known and not isinstance(item.value, str)]
        if bad:
            return f"must map to quoted strings ({', '.join(bad)} is not a string; write e.g. `cpu: \"250m\"`)"
    if key == "featureGates":
        if not isinstance(val, dict):
            return "must be a map of gate names to true/false"
        bad = [k for k, item in val.items() if item.known and not isinstance(item.value, bool)]
        if bad:
            return f"must map gate names to true/false ({', '.join(bad)} is not a boolean)"
    return None


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        config = doc.get("spec", "kubelet", "config")
        if config is None or not config.is_map:
            continue
        for key, v in config.items():
            if not v.known or v.value is None:
                continue
            why = _problem(key, v)
            if why is None:
                continue
            yield RULE.finding(
                v,
                f"kubelet.config.{key} {why}: kubelet decodes its configuration strictly and refuses to start, so the "
                "node never registers; fix the value's type",
            )
