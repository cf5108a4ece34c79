"""Cluster Kubernetes version that EKS no longer supports, or that is in (paid) extended support.

## What it does
Looks the cluster's Kubernetes version (eksctl `metadata.version`, Terraform `aws_eks_cluster`
`version`, terraform-aws-eks `kubernetes_version` / `cluster_version`) up in ekslint's dated
version table (`ekslint.versions`, see `ekslint --version` for the date it was checked):

* an error when the version's extended support had ended on that date (or it is older than every
  version in the table);
* a warning when standard support had ended and the version was in extended support, which EKS
  bills extra per cluster-hour.

A version newer than the newest one in the table is not reported: EKS keeps releasing versions.

## Why is this bad
EKS does not create clusters of a version past the end of extended support, and eksctl stops with
`invalid version, 1.28 is no longer supported, supported values: ...`. A cluster already running
it is upgraded by EKS, so a Terraform config that still says the old version then asks EKS for a
downgrade. In extended support the cluster costs more and is upgraded automatically when that
ends.

## Example
```yaml
metadata:
  name: analytics
  region: eu-west-1
  version: "1.28"
```

## Use instead
```yaml
metadata:
  name: analytics
  region: eu-west-1
  version: "1.34"
```

## References
- research `domain-eksctl-nodeadm.md` §1A E07, citing eksctl `pkg/eks/versions_manager.go`
  (`ResolveClusterVersion`, `ValidateVersion`) and the EKS User Guide, "Understand the Kubernetes
  version lifecycle on EKS" (https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)
- the dated table in `ekslint.versions` (`VERSIONS`, `LAST_CHECKED`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint import versions
from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS111", "cluster-version-unsupported", Severity.ERROR, tags=("cluster", "version"))


def _upgrade_hint() -> str:
    for row in versions.VERSIONS:
        if versions.support_status(row.minor) == versions.STANDARD:
            return f"upgrade to {row.version} or later"
    return f"upgrade to {versions.fmt(versions.NEWEST_KNOWN)} or later"


def check(ctx: Context) -> Iterator[Finding | None]:
    when = versions.LAST_CHECKED
    for cluster in ctx.model.clusters:
        minor = versions.minor_of(cluster.version)
        if minor is None or cluster.version is None:
            continue
        status = versions.support_status(minor)
        row = versions.lookup(minor)
        text = versions.fmt(minor)
        if status == versions.ENDED:
            ended = f" on {row.end_of_extended_support or row.end_of_standard_support}" if row else ""
            yield RULE.finding(
                cluster.version,
                f"Kubernetes {text} is no longer supported on EKS (support ended{ended}; table checked {when}): "
                f"{'eksctl rejects it' if cluster.source == 'eksctl' else 'EKS will not create a cluster of it'}; "
                f"{_upgrade_hint()}")
        elif status == versions.EXTENDED and row is not None:
            yield RULE.finding(
                cluster.version,
                f"Kubernetes {text} left standard support on {row.end_of_standard_support} and is in extended support "
                f"(extra cost per cluster-hour) until {row.end_of_extended_support} (table checked {when}); "
                f"{_upgrade_hint()}", severity=Severity.WARNING)
