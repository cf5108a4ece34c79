"""`/etc/eks/bootstrap.sh --local-disks` value that `setup-local-disks` rejects.

## What it does
Reports `--local-disks` values other than `mount`, `raid0`, `raid10` and `none` (lower case).

## Why is this bad
bootstrap.sh runs `setup-local-disks "<value>"` under `set -o errexit`; the helper prints
`Valid disk setup options are: raid0, raid10, mount or none` and exits 1, so the script stops
and the node never joins.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --local-disks RAID0
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster --local-disks raid0
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S09; verified in amazon-eks-ami at `b2289030^`:
  `templates/al2/runtime/bootstrap.sh` (`setup-local-disks "${LOCAL_DISKS}"`) and
  `templates/shared/runtime/bin/setup-local-disks` (accepted values and the message above)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls, closest

RULE = Rule("EKS324", "bootstrap-local-disks", Severity.ERROR, tags=("bootstrap", "al2"), precision="very-high")

VALUES = ("raid0", "raid10", "mount", "none")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        value = args.known("--local-disks")
        if value is None or value in VALUES:
            continue
        near = value.lower() if value.lower() in VALUES else closest(value.lower(), VALUES)
        fix = f"use `--local-disks {near}`" if near else "use one of raid0, raid10, mount"
        yield RULE.finding(
            args.value("--local-disks"),
            f"--local-disks {value!r} is rejected by setup-local-disks (\"Valid disk setup options are: raid0, raid10, "
            f"mount or none\") and bootstrap.sh stops, so the node never joins; {fix}",
        )
