"""`/etc/eks/bootstrap.sh` called without the cluster name.

## What it does
Reads every AL2 `/etc/eks/bootstrap.sh` call (user data files, eksctl `overrideBootstrapCommand`
and `preBootstrapCommands`, Terraform launch templates and heredocs, Karpenter `userData`) the
way the script's option loop does, and reports a call in which no word is left over for the
cluster name. Calls whose arguments come from a variable that may hold several words (`"$@"`,
`$EXTRA_ARGS`, a Terraform-computed value) are not judged.

## Why is this bad
The script takes the first argument that is not an option as the cluster name. Without one it
logs `ERROR: cluster name is not defined!` and exits 1: kubelet is never configured and the node
never joins.

## Example
```bash
#!/bin/bash
/etc/eks/bootstrap.sh --kubelet-extra-args '--max-pods=110'
```

## Use instead
```bash
#!/bin/bash
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args '--max-pods=110'
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S01, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (`CLUSTER_NAME="$1"`, `ERROR: cluster name is not defined!`)
- https://github.com/awslabs/amazon-eks-ami/blob/v20240807/doc/usage/al2.md
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import HELP_FLAGS, calls

RULE = Rule("EKS316", "bootstrap-missing-cluster-name", Severity.ERROR, tags=("bootstrap", "al2"), precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        if args.opaque or args.positionals:
            continue
        if any(f in HELP_FLAGS for f in args.flags):
            continue
        yield RULE.finding(
            args.script,
            "bootstrap.sh is called without the cluster name: it stops with \"ERROR: cluster name is not defined!\" "
            "and the node never joins; pass the EKS cluster name as the first argument "
            "(`/etc/eks/bootstrap.sh my-cluster ...`)",
        )
