"""`/etc/eks/bootstrap.sh --container-runtime` other than containerd.

## What it does
Reports `--container-runtime` with a value other than `containerd`. It is an error unless the
node group's Kubernetes version is known to be below 1.24 (then a warning: the flag is
deprecated and dockerd goes away with the upgrade). `--container-runtime containerd` is accepted.

## Why is this bad
From Kubernetes 1.24 the AL2 AMI only has containerd; bootstrap.sh stops with
`ERROR: containerd is the only supported container runtime as of Kubernetes version 1.24` and
the node never joins. `--enable-docker-bridge` and `--docker-config-json` only ever applied to
dockerd.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --container-runtime dockerd
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster   # containerd is the only runtime from 1.24
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S07, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (`if vercmp "$KUBELET_VERSION" gteq "1.24.0" && [ $CONTAINER_RUNTIME != "containerd" ]`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls, owner, text

RULE = Rule("EKS322", "bootstrap-container-runtime", Severity.ERROR, tags=("bootstrap", "al2"), precision="high")


def _minor(ctx: Context, boot) -> int | None:
    ng = owner(ctx, boot)
    if ng is None:
        return None
    for v in (ng.version, ng.cluster.version if ng.cluster is not None else None):
        t = text(v) if v is not None else None
        if t and t.count(".") >= 1 and t.split(".")[0] == "1" and t.split(".")[1].isdigit():
            return int(t.split(".")[1])
    return None


def check(ctx: Context) -> Iterator[Finding | None]:
    for boot, args in calls(ctx):
        runtime = args.known("--container-runtime")
        if runtime is None or runtime == "containerd":
            continue
        minor = _minor(ctx, boot)
        old = minor is not None and minor < 24
        yield RULE.finding(
            args.value("--container-runtime"),
            f"--container-runtime {runtime}: from Kubernetes 1.24 bootstrap.sh stops with \"containerd is the only "
            "supported container runtime as of Kubernetes version 1.24\" and the node never joins; remove the option "
            "(containerd is the default)",
            severity=Severity.WARNING if old else None,
        )
