"""Cluster Kubernetes version written as a number (`version: 1.30` is read as "1.3").

## What it does
Reports an eksctl `metadata.version`, a Terraform `aws_eks_cluster` `version` or a
terraform-aws-eks `kubernetes_version` / `cluster_version` written as a bare number instead of
a string. It is an error when the number loses digits on the way to the string the tool uses
(`1.30` → `"1.3"`, `1.20` → `"1.2"`), and a warning otherwise (`1.31` survives, but the next
edit to `1.40` will not).

## Why is this bad
eksctl reads the file with sigs.k8s.io/yaml, which turns a YAML number into the shortest
decimal string (`strconv.FormatFloat(v, 'g', -1, 32)`), so `version: 1.30` becomes `"1.3"` and
eksctl stops with `invalid version, supported values: ...`. Terraform converts the number
`1.30` to the string `"1.3"` in the same way, and the EKS API rejects that version. The same
mistake bit eks-anywhere (aws/eks-anywhere PR #9175).

## Example
```yaml
metadata:
  name: analytics
  region: eu-west-1
  version: 1.30
```

## Use instead
```yaml
metadata:
  name: analytics
  region: eu-west-1
  version: "1.30"
```

## References
- research `domain-eksctl-nodeadm.md` §0 and §1A E06, citing sigs.k8s.io/yaml `convertToJSONableObject`
  (FormatFloat 'g'), eksctl `pkg/eks/versions_manager.go` `ValidateVersion`, and aws/eks-anywhere PR #9175
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint import versions
from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import source_text

RULE = Rule("EKS110", "cluster-version-unquoted", Severity.ERROR, tags=("cluster", "version"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for cluster in ctx.model.clusters:
        v = cluster.version
        if v is None or not v.known or isinstance(v.value, bool) or not isinstance(v.value, int | float):
            continue
        read_as = versions.go_float_text(float(v.value))
        written = (source_text(ctx, v) or "").strip()
        if written and written != read_as:
            yield RULE.finding(v, f"version `{written}` is a number and is read as \"{read_as}\"; "
                               f"quote it: \"{written}\"")
        else:
            yield RULE.finding(v, f"version {read_as} is a number, not a string; quote it (\"{read_as}\") so a later "
                               "value such as 1.40 is not read as \"1.4\"", severity=Severity.WARNING)
