"""eksctl `containerRuntime` that the node group cannot use.

## What it does
Checks `nodeGroups[].containerRuntime`: it must be `containerd`, `dockerd` or `docker`
(Windows); AmazonLinux2023 and every cluster on Kubernetes 1.24 or later (including an omitted
`metadata.version`, which eksctl resolves to a current version) support only `containerd`; and
it cannot be combined with `overrideBootstrapCommand`.

## Why is this bad
Dockershim was removed from Kubernetes in 1.24. eksctl refuses the file: `only containerd is
supported for container runtime, starting with EKS version 1.24`, `only containerd is supported
for container runtime on AmazonLinux2023 nodes`, `only containerd, dockerd and docker are
supported for container runtime`, or `overrideBootstrapCommand overwrites container runtime
setting; please use --container-runtime in the bootsrap script instead`.

## Example
```yaml
metadata:
  version: "1.30"
nodeGroups:
  - name: workers
    containerRuntime: dockerd
```

## Use instead
```yaml
nodeGroups:
  - name: workers
    containerRuntime: containerd     # or leave it out: containerd is the default
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B09 `container-runtime`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateNodeGroup`; `types.go` `DockershimDeprecationVersion`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EksctlGroup, canonical_family, eksctl_groups
from ekslint.values import is_placeholder
from ekslint.versions import EKSCTL_DEFAULT_VERSION, fmt, minor_of

RULE = Rule("EKS215", "container-runtime-unsupported", Severity.ERROR, tags=("nodes", "eksctl"), precision="very-high")

RUNTIMES = ("containerd", "dockerd", "docker")
DOCKERSHIM_REMOVED = (1, 24)


def _cluster_minor(g: EksctlGroup) -> tuple[int, int] | None:
    v = g.doc.root.get("metadata", "version")
    if v is None or (v.known and v.value in (None, "", "auto", "latest")):
        return EKSCTL_DEFAULT_VERSION
    return minor_of(v)


def _problem(g: EksctlGroup, runtime: str) -> str | None:
    if runtime not in RUNTIMES:
        return f"containerRuntime {runtime!r} is not one of containerd, dockerd, docker"
    if runtime == "containerd":
        return None
    fam = g.ng.str("amiFamily")
    if fam and canonical_family(fam) == "AmazonLinux2023":
        return f"AmazonLinux2023 nodes support only containerd, not {runtime}"
    minor = _cluster_minor(g)
    if minor is not None and minor >= DOCKERSHIM_REMOVED:
        return f"Kubernetes {fmt(minor)} has no dockershim, so only containerd works (not {runtime})"
    return None


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        v = g.get("containerRuntime")
        runtime = v.str() if v is not None else None
        if g.managed or runtime is None or is_placeholder(runtime):
            continue
        problem = _problem(g, runtime)
        if problem:
            yield RULE.finding(v, f"{g.label}: {problem}, and eksctl refuses the file; set containerRuntime: containerd "
                               "or remove it")
        elif g.has("overrideBootstrapCommand"):
            yield RULE.finding(v, f"{g.label}: containerRuntime cannot be combined with overrideBootstrapCommand "
                               "(eksctl refuses it); remove containerRuntime and pass --container-runtime to "
                               "bootstrap.sh in the override")
