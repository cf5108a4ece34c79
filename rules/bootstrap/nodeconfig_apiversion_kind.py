"""NodeConfig with an `apiVersion` or `kind` that nodeadm does not decode.

## What it does
Reports documents written as a nodeadm NodeConfig (in a plain file, an
`application/node.eks.aws` MIME part, an eksctl `overrideBootstrapCommand`, a Terraform heredoc
or a Karpenter `userData`) whose `apiVersion` is not `node.eks.aws/v1alpha1` or whose `kind` is
not exactly `NodeConfig`: a misspelt group (`node.eks.amazonaws.com`), another version
(`v1beta1`), a wrong-case kind, or a missing `apiVersion`.

## Why is this bad
nodeadm registers only `node.eks.aws/v1alpha1` `NodeConfig`; anything else fails to decode
(`failed to decode node config`, `failed to decode "Nodeconfig" (wrong Kind)`, `unexpected
group`). In user data nodeadm logs that as a warning and carries on without the document, so
`nodeadm init` ends with `no config in chain` (or without your settings) and the node never
joins.

## Example
```yaml
apiVersion: node.eks.aws/v1beta1
kind: NodeConfig
spec:
  cluster:
    name: my-cluster
```

## Use instead
```yaml
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: my-cluster
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N01; amazon-eks-ami `nodeadm/internal/api/bridge/decode.go`
  `DecodeNodeConfig`, `nodeadm/internal/api/bridge/scheme.go` (only v1alpha1),
  `nodeadm/internal/configprovider/chain.go` (decode errors in user data are skipped)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import reads_nodeconfig
from ekslint.values import V, is_placeholder

RULE = Rule("EKS304", "nodeconfig-apiversion-kind", Severity.ERROR, tags=("bootstrap", "nodeadm"), precision="high")

API_VERSION = "node.eks.aws/v1alpha1"
KIND = "NodeConfig"
EFFECT = "nodeadm cannot decode the document, skips it and the node never joins"


def _problems(doc: V) -> Iterator[tuple[V, str]]:
    api = doc.get("apiVersion")
    kind = doc.get("kind")
    if api is None:
        yield doc, f"this NodeConfig has no apiVersion: {EFFECT}; add `apiVersion: {API_VERSION}`"
    elif api.is_str and not is_placeholder(api.value) and api.value.strip() != API_VERSION:
        yield api, f"apiVersion {api.value!r} is not {API_VERSION!r} (the only version nodeadm knows): {EFFECT}; " \
                   f"write `apiVersion: {API_VERSION}`"
    if kind is not None and kind.is_str and not is_placeholder(kind.value) and kind.value != KIND:
        yield kind, f"kind {kind.value!r} is not {KIND!r} (nodeadm compares it exactly): {EFFECT}; write `kind: {KIND}`"


def check(ctx: Context) -> Iterator[Finding | None]:
    seen: set[int] = set()
    for boot in ctx.model.bootstraps:
        if not reads_nodeconfig(ctx, boot):
            continue
        for doc in [*boot.nodeconfigs, *boot.rejected_docs]:
            if id(doc) in seen:
                continue
            seen.add(id(doc))
            for where, message in _problems(doc):
                yield RULE.finding(where, message)
