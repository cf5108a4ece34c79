"""Unknown or misspelt field in a nodeadm NodeConfig.

## What it does
Compares every key of a `NodeConfig` (`node.eks.aws/v1alpha1`) with the fields nodeadm knows
(`spec.cluster`, `spec.kubelet`, `spec.containerd`, `spec.instance`, `spec.featureGates`) and
reports the others with the closest known field. It checks plain NodeConfig files and every
NodeConfig embedded elsewhere: MIME user data, eksctl `overrideBootstrapCommand`, Karpenter
`userData`, Terraform heredocs and templates. Free-form parts (`kubelet.config`,
`containerd.baseRuntimeSpec`, `instance.environment`, `metadata`) are not looked into.

The finding is an error when the lost key carries the cluster details (`spec.cluster.*`, or a
misspelt `spec` / `cluster` section) and nothing else supplies them: the node cannot join. It is
a warning otherwise (the setting silently has no effect), including for overrides on managed
node groups and Karpenter, where EKS or Karpenter supply the cluster details.

## Why is this bad
nodeadm decodes NodeConfig with the Kubernetes universal decoder, which is not strict and matches
names case-sensitively: an unknown key is dropped without a word. `apiserverEndpoint:` instead of
`apiServerEndpoint:` leaves the endpoint empty; `nodeadm init` then fails validation
(`Apiserver endpoint is missing in cluster configuration`) and the node never joins. A misspelt
kubelet or containerd setting is simply not applied.

## Example
```yaml
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: prod
    apiserverEndpoint: https://EXAMPLE.gr7.eu-west-1.eks.amazonaws.com
    certificateAuthority: LS0tLS1CRUdJTi...
    cidr: 10.100.0.0/16
  kubelet:
    flag:
      - --node-labels=team=payments
```

## Use instead
```yaml
spec:
  cluster:
    name: prod
    apiServerEndpoint: https://EXAMPLE.gr7.eu-west-1.eks.amazonaws.com
    certificateAuthority: LS0tLS1CRUdJTi...
    cidr: 10.100.0.0/16
  kubelet:
    flags:
      - --node-labels=team=payments
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, 0 ("nodeadm is lenient"), N02 and 2B
- nodeadm `internal/api/bridge/decode.go` (`codecs.UniversalDecoder().Decode`, no strict mode) and
  `api/v1alpha1/nodeconfig_types.go` (field names) (awslabs/amazon-eks-ami)
- nodeadm e2e case `config-check/config-bad.yaml` (a misspelt `name` is dropped; the check then fails)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.input._common import UNKNOWN, NodeConfigDoc, Problem, fix_for_unknown, nodeconfig_problems, then, unknown_text

RULE = Rule("EKS013", "nodeconfig-unknown-field", Severity.WARNING, tags=("input", "nodeadm", "schema"),
            precision="high")


def _loses_cluster_details(p: Problem, doc: NodeConfigDoc) -> bool:
    if doc.bootstrap is not None and doc.bootstrap.cluster_details_supplied:
        return False
    return (p.keys[:2] == ("spec", "cluster") and len(p.keys) == 3) or (
        len(p.keys) == 2 and p.keys[0] == "spec" and p.suggestion == "cluster") or (
        len(p.keys) == 1 and p.suggestion == "spec")


def check(ctx: Context) -> Iterator[Finding | None]:
    for p, doc in nodeconfig_problems(ctx):
        if p.kind != UNKNOWN:
            continue
        at = p.value.key_span or p.value.where()
        if _loses_cluster_details(p, doc):
            yield RULE.finding(
                at,
                then(unknown_text(p), "unknown fields are dropped by nodeadm without a word, so this cluster detail is lost "
                                      f"and the node cannot join; {fix_for_unknown(p)}"),
                severity=Severity.ERROR,
            )
        else:
            yield RULE.finding(
                at, then(unknown_text(p), "unknown fields are dropped by nodeadm without a word, so the setting has no "
                                          f"effect; {fix_for_unknown(p)}"))
