"""NodeConfig value of the wrong type: the whole NodeConfig fails to decode.

## What it does
Checks the type of every NodeConfig value nodeadm decodes into a typed field: a quoted
`"true"` for `enableOutpost` or a feature gate, a number for `cidr` or `name`, a single string
for `kubelet.flags` or `instance.network.nameservers` (lists), a string where `kubelet.config`
or `containerd.baseRuntimeSpec` must be a mapping. Plain files and embedded NodeConfigs (MIME
user data, eksctl, Karpenter, Terraform) alike. `certificateAuthority` is left to EKS302.

## Why is this bad
nodeadm turns YAML into JSON and decodes it into Go types without converting between them, so
the decoder fails (`json: cannot unmarshal string into Go struct field ... of type bool`). For
user data nodeadm only logs that failure as a warning and skips the document; if it held the
cluster details, `nodeadm init` ends with `no config in chain` or a missing-field error and the
node never joins. Where EKS or Karpenter supply the cluster details, only the user's settings
are lost (reported as a warning).

## Example
```yaml
spec:
  cluster:
    enableOutpost: "true"
  kubelet:
    flags: --node-labels=team=payments
```

## Use instead
```yaml
spec:
  cluster:
    enableOutpost: true
  kubelet:
    flags:
      - --node-labels=team=payments
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, 0 ("nodeadm swallows user-data decode errors") and 2B
- nodeadm `internal/api/bridge/decode.go`, `internal/configprovider/chain.go`,
  `api/v1alpha1/nodeconfig_types.go` (awslabs/amazon-eks-ami)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.input._common import TYPE, nodeconfig_problems, type_text

RULE = Rule("EKS014", "nodeconfig-wrong-value-type", Severity.ERROR, tags=("input", "nodeadm", "schema"),
            precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for p, doc in nodeconfig_problems(ctx):
        if p.kind != TYPE:
            continue
        supplied = doc.bootstrap is not None and doc.bootstrap.cluster_details_supplied
        effect = ("nodeadm skips this NodeConfig, so none of its settings apply" if supplied
                  else "nodeadm cannot decode this NodeConfig and skips it, so the node never joins")
        yield RULE.finding(p.value, f"{type_text(p)} ({effect})",
                           severity=Severity.WARNING if supplied else None)
