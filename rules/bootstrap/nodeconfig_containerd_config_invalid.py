"""NodeConfig `containerd.config` that is not valid TOML.

## What it does
Parses `spec.containerd.config` as TOML 1.0 and reports the first syntax error with its line
in the file: unquoted strings, duplicate tables or keys, a table header in YAML-indented form,
a stray `=`. Values with template placeholders are not checked.

## Why is this bad
nodeadm merges the string into its own containerd configuration with a TOML parser; a syntax
error stops `nodeadm init` while writing the containerd configuration, containerd and kubelet
never start and the node never joins.

## Example
```yaml
spec:
  containerd:
    config: |
      [plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]
      endpoint = https://mirror.example.com
```

## Use instead
```yaml
spec:
  containerd:
    config: |
      [plugins."io.containerd.grpc.v1.cri".registry.mirrors."docker.io"]
      endpoint = ["https://mirror.example.com"]
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N16; amazon-eks-ami `nodeadm/internal/containerd/config.go`
  (`combineContainerdConfigs`: `util.Merge(..., toml.Marshal, toml.Unmarshal)` with go-toml v2)
- https://toml.io/en/v1.0.0
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import nodeconfigs
from ekslint.values import Span, is_placeholder

RULE = Rule("EKS312", "nodeconfig-containerd-config-invalid", Severity.ERROR, tags=("bootstrap", "nodeadm"),
            precision="very-high")

_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        v = doc.get("spec", "containerd", "config")
        if v is None or not v.is_str or not v.value.strip() or is_placeholder(v.value):
            continue
        try:
            tomllib.loads(v.value)
        except tomllib.TOMLDecodeError as e:
            reason = str(e)
            where: Span | None = v.where()
            m = _AT.search(reason)
            if m and where is not None and where.end_line > where.line:
                # a block scalar: its text starts on the line after the key
                line = min(where.line + int(m.group(1)), where.end_line)
                where = Span(where.file, line, 1)
            reason = _AT.sub("", reason).strip()
            yield RULE.finding(
                where,
                f"spec.containerd.config is not valid TOML ({reason}): nodeadm cannot merge it, containerd is never "
                "configured and the node never joins; fix the TOML (strings in double quotes, lists in [ ], each "
                "table once)",
            )
