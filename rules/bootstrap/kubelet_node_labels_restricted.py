"""`--node-labels` in NodeConfig `kubelet.flags` or bootstrap.sh `--kubelet-extra-args` with labels kubelet may not set.

## What it does
Reads the `--node-labels` kubelet flag in nodeadm `spec.kubelet.flags` and in the
`--kubelet-extra-args` of AL2 `bootstrap.sh` calls, and reports label keys in the
`kubernetes.io` or `k8s.io` namespaces (or their subdomains) other than the ones kubelet may set
on its own node (`kubelet.kubernetes.io/*`, `node.kubernetes.io/*`, `kubernetes.io/hostname`,
`kubernetes.io/os`, `kubernetes.io/arch`, the `topology.kubernetes.io` zone and region, and
their legacy `beta.`/`failure-domain.` forms). The usual offender is `node-role.kubernetes.io/<role>`.

## Why is this bad
kubelet validates its own labels at start and exits with `unknown 'kubernetes.io' or 'k8s.io'
labels specified with --node-labels: [...]`: it restarts in a loop and the node never registers.

## Example
```yaml
spec:
  kubelet:
    flags:
      - --node-labels=node-role.kubernetes.io/worker=true
```

## Use instead
```yaml
spec:
  kubelet:
    flags:
      - --node-labels=role=worker
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N14 and 1I S11 (labels in kubelet flags), G02;
  `domain-karpenter-auth-terraform.md` K13 (kubelet error text and allowed set)
- Kubernetes `k8s.io/kubelet/pkg/apis/well_known_labels.go` (`IsKubeletLabel`)
"""

from __future__ import annotations

import shlex
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls, nodeconfigs, text
from ekslint.rules.nodes._k8s_names import in_kubernetes_namespace, kubelet_may_set
from ekslint.values import V

RULE = Rule("EKS327", "kubelet-node-labels-restricted", Severity.ERROR, tags=("bootstrap", "labels"),
            precision="very-high")


def _forbidden(args_text: str) -> list[str]:
    try:
        words = shlex.split(args_text)
    except ValueError:
        words = args_text.split()
    out: list[str] = []
    for i, word in enumerate(words):
        if word == "--node-labels" and i + 1 < len(words):
            value = words[i + 1]
        elif word.startswith("--node-labels="):
            value = word.split("=", 1)[1]
        else:
            continue
        for pair in value.split(","):
            key = pair.split("=", 1)[0].strip()
            prefix = key.split("/", 1)[0] if "/" in key else ""
            if prefix and in_kubernetes_namespace(prefix) and not kubelet_may_set(key):
                out.append(key)
    return out


def _finding(where: V, keys: list[str], source: str) -> Finding | None:
    return RULE.finding(
        where,
        f"{source} --node-labels sets {', '.join(keys)}, which kubelet may not set on its own node: it exits with "
        "\"unknown 'kubernetes.io' or 'k8s.io' labels specified with --node-labels\" and the node never registers; "
        "use a label outside kubernetes.io / k8s.io (e.g. `role=worker`) or a node.kubernetes.io/ key",
    )


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        flags = doc.get("spec", "kubelet", "flags")
        for item in flags.list() if flags is not None else []:
            t = text(item)
            keys = _forbidden(t) if t else []
            if keys:
                yield _finding(item, keys, "kubelet.flags")
    for _, args in calls(ctx):
        extra = args.value("--kubelet-extra-args")
        t = text(extra)
        keys = _forbidden(t) if t else []
        if extra is not None and keys:
            yield _finding(extra, keys, "--kubelet-extra-args")
