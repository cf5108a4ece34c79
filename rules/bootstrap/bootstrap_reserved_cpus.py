"""`--reserved-cpus` in bootstrap.sh `--kubelet-extra-args` turns off the reserved cgroups.

## What it does
Notes a bootstrap.sh call whose `--kubelet-extra-args` contains `--reserved-cpus`.

## Why is this bad
When it sees `--reserved-cpus` the script stops configuring `kubeReservedCgroup` and
`systemReservedCgroup` (it logs "kube/system-reserved cgroups will not be used"). Nodes still
join, but system daemons are no longer fenced off from pods' CPU, which surprises users who
only meant to pin CPUs.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args '--reserved-cpus=0-1'
```

## Use instead
```bash
# keep it only if CPU pinning is the goal, and size kube-reserved / system-reserved explicitly
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args '--reserved-cpus=0-1 --kube-reserved=cpu=250m'
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S10, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (`if [[ ${KUBELET_EXTRA_ARGS} == *'--reserved-cpus'* ]]; then USE_RESERVED_CGROUPS=false`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls

RULE = Rule("EKS325", "bootstrap-reserved-cpus", Severity.NOTE, tags=("bootstrap", "al2"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        extra = args.value("--kubelet-extra-args")
        if extra is None or not extra.known or "--reserved-cpus" not in str(extra.value):
            continue
        yield RULE.finding(
            extra,
            "--reserved-cpus in --kubelet-extra-args makes bootstrap.sh drop the kube-reserved and system-reserved "
            "cgroups; keep it only for CPU pinning and set --kube-reserved / --system-reserved explicitly",
        )
