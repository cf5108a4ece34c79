"""eksctl AmazonLinux2023 `overrideBootstrapCommand` that is not a NodeConfig document.

## What it does
For eksctl node groups whose family is AmazonLinux2023 (written, or omitted: it is eksctl's
default), parses `overrideBootstrapCommand` as YAML and reports it when it is not a mapping (a
shell script, a MIME document, a list) or does not parse. Scripts that call
`/etc/eks/bootstrap.sh` are reported by EKS301 instead.

## Why is this bad
On AL2023 eksctl reads the override as a nodeadm `NodeConfig` and appends it to the user data
it generates. Anything else fails before the node group is created:
`unmarshalling "overrideBootstrapCommand" into "nodeadm.NodeConfig": ...`. Shell steps belong in
`preBootstrapCommands`.

## Example
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2023
    overrideBootstrapCommand: |
      #!/bin/bash
      sysctl -w vm.max_map_count=262144
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    amiFamily: AmazonLinux2023
    preBootstrapCommands:
      - sysctl -w vm.max_map_count=262144
    overrideBootstrapCommand: |
      apiVersion: node.eks.aws/v1alpha1
      kind: NodeConfig
      spec:
        kubelet:
          config:
            maxPods: 110
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B04 `al2023-override-bootstrap-must-be-nodeconfig`: eksctl `pkg/nodebootstrap/al2023.go` `UserData`, `stringToNodeConfig`
"""

from __future__ import annotations

from collections.abc import Iterator

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import eksctl_groups
from ekslint.values import is_placeholder

RULE = Rule("EKS212", "al2023-override-not-nodeconfig", Severity.ERROR, tags=("nodes", "bootstrap", "eksctl"),
            precision="high")


def _shape(text: str) -> str | None:
    """What the text is, when it is not a YAML mapping (None for a mapping or an empty document)."""
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except (YAMLError, ValueError, RecursionError):
        return "text that does not parse as YAML"
    if data is None or isinstance(data, dict):
        return None
    if isinstance(data, list):
        return "a YAML list"
    return "a shell script" if text.lstrip().startswith("#!") else "a plain string"


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        if g.family != "AmazonLinux2023":
            continue
        override = g.get("overrideBootstrapCommand")
        text = override.str() if override is not None else None
        if text is None or "/etc/eks/bootstrap.sh" in text or is_placeholder(text) or len(text) > 200_000:
            continue
        shape = _shape(text)
        if shape is None:
            continue
        yield RULE.finding(
            override,
            f"{g.label}: on AmazonLinux2023 eksctl reads overrideBootstrapCommand as a nodeadm NodeConfig, but this is "
            f"{shape}, so eksctl fails; move shell steps to preBootstrapCommands and make the override a NodeConfig "
            "(apiVersion: node.eks.aws/v1alpha1, kind: NodeConfig, spec: ...)",
        )
