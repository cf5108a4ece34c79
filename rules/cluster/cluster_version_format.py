"""Cluster Kubernetes version not written as `MAJOR.MINOR`.

## What it does
Reports a cluster version string such as `"1.30.2"`, `"v1.30"` or `"1.30 "`: eksctl
`metadata.version` (an error) and Terraform `aws_eks_cluster` `version` or terraform-aws-eks
`kubernetes_version` / `cluster_version` (a warning). eksctl's words `auto` and `latest`, an
empty value, and placeholders are not reported.

## Why is this bad
EKS lists versions as `1.30`, and eksctl compares the text exactly against that list
(`IsSupportedVersion`), so anything else stops with
`invalid version, supported values: 1.30, 1.31, ...`. The EKS API takes the same `MAJOR.MINOR`
form for a cluster's version; patch versions are chosen by EKS, not by the user.

## Example
```yaml
metadata:
  name: analytics
  region: eu-west-1
  version: "v1.33.1"
```

## Use instead
```yaml
metadata:
  name: analytics
  region: eu-west-1
  version: "1.33"
```

## References
- research `domain-eksctl-nodeadm.md` §1A E08, citing eksctl `pkg/eks/versions_manager.go` `IsSupportedVersion`
- EKS API Reference, CreateCluster `version` (https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateCluster.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint import versions
from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import literal_text

RULE = Rule("EKS112", "cluster-version-format", Severity.ERROR, tags=("cluster", "version"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for cluster in ctx.model.clusters:
        text = literal_text(cluster.version)
        if text is None or versions.is_major_minor(text) or versions.is_version_placeholder(text):
            continue
        if cluster.source == "eksctl" and versions.is_version_keyword(text):
            continue
        minor = versions.parse_minor(text)
        fix = f"write \"{versions.fmt(minor)}\"" if minor else "write it as MAJOR.MINOR, e.g. \"1.33\""
        yield RULE.finding(
            cluster.version, f"version `{text}` is not of the form MAJOR.MINOR that EKS lists; {fix}",
            severity=None if cluster.source == "eksctl" else Severity.WARNING)
