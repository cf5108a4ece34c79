"""A configuration file that does not parse.

## What it does
Reports YAML, JSON and Terraform files holding EKS configuration that cannot be parsed, at the
position of the syntax error. Files with Helm template directives are reported as a note:
they must be rendered before they can be checked.

## Why is this bad
eksctl, `kubectl apply` and `terraform plan` reject the file outright. A NodeConfig in user data
that does not parse is worse: nodeadm logs a warning, skips it, and `nodeadm init` fails with
`no config in chain`, so the node never joins.

## Example
```yaml
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
   region: us-east-1
```

## Use instead
```yaml
apiVersion: eksctl.io/v1alpha5
kind: ClusterConfig
metadata:
  name: prod
  region: us-east-1
```

## References
- eksctl `pkg/eks/api.go` `ParseConfig` (strict YAML decoding)
- nodeadm `internal/configprovider/chain.go` (decoding errors in user data are only logged)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS001", "file-does-not-parse", Severity.ERROR, tags=("input",), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for p in getattr(ctx, "problems", []):
        if p.code == RULE.id:
            advice = "" if p.level == "note" else "; fix the syntax so the file can be read"
            yield RULE.finding(p.span, f"{p.message}{advice}", severity=Severity.parse(p.level))
