"""eksctl `metadata.region` that is not an AWS region eksctl supports.

## What it does
Reports `metadata.region` when it is not one of the regions eksctl supports: typos such as
`us-east1`, availability zones such as `us-east-1a`, upper case. A well-formed region name that
is missing from ekslint's copy of eksctl's list (see `ekslint.regions`) is a warning: AWS may
have opened it since, and a newer eksctl may accept it.

## Why is this bad
eksctl refuses to run: `--region=us-east1 is not supported - use one of: us-west-1, us-west-2, ...`.
Nothing is created.

## Example
```yaml
metadata:
  name: analytics
  region: us-east-1a
```

## Use instead
```yaml
metadata:
  name: analytics
  region: us-east-1
```

## References
- research `domain-eksctl-nodeadm.md` §1A E05, citing eksctl `pkg/apis/eksctl.io/v1alpha5/types.go`
  `SupportedRegions`, `pkg/ctl/cmdutils/cmdutils.go` `ErrUnsupportedRegion` and `pkg/ctl/cmdutils/cmd.go` `NewCtl`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint import regions
from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import eksctl_docs, literal_text

RULE = Rule("EKS109", "eksctl-region-unsupported", Severity.ERROR, tags=("cluster", "eksctl", "region"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in eksctl_docs(ctx):
        v = doc.root.get("metadata", "region")
        region = literal_text(v)
        if not region or region in regions.EKSCTL_REGIONS or regions.is_region_placeholder(region):
            continue
        if regions.looks_like_region(region):
            yield RULE.finding(
                v, f"region `{region}` is not in eksctl's list of supported regions (as of "
                f"{regions.EKSCTL_REGIONS_CHECKED}); check the spelling, or use an eksctl release that supports it",
                severity=Severity.WARNING)
            continue
        near = regions.closest_region(region)
        fix = f"did you mean `{near}`? Set `region: {near}`" if near else "set it to an AWS region name such as `us-west-2`"
        yield RULE.finding(v, f"region `{region}` is not an AWS region eksctl supports; {fix}")
