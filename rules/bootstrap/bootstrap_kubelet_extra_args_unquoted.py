"""`--kubelet-extra-args` with several kubelet flags that are not quoted as one word.

## What it does
Reports a bootstrap.sh call where `--kubelet-extra-args` is followed by a kubelet flag and then
more words that look like kubelet flags (`--max-pods=110`, `--node-labels=...`): the shell made
them separate words, so only the first reaches kubelet.

## Why is this bad
bootstrap.sh gives `--kubelet-extra-args` exactly the next word. The other kubelet flags become
positional arguments: ignored when they come after the cluster name (the labels, taints or
max-pods setting silently never applies), or taken as the cluster name when they come first (the
node never joins).

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args --node-labels=role=batch --max-pods=58
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args '--node-labels=role=batch --max-pods=58'
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S11, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (`--kubelet-extra-args) KUBELET_EXTRA_ARGS=$2; shift; shift`)
- amazon-eks-ami `doc/usage/al2.md` (`--kubelet-extra-args '--registry-qps=20 --registry-burst=40'`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls, spilled_kubelet_flags

RULE = Rule("EKS326", "bootstrap-kubelet-extra-args-unquoted", Severity.WARNING, tags=("bootstrap", "al2"),
            precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        spilled = spilled_kubelet_flags(args)
        if not spilled:
            continue
        first = args.value("--kubelet-extra-args")
        words = " ".join(str(w.value) for w in ([first] if first is not None else []) + spilled)
        takes_name = args.positionals and args.positionals[0] is spilled[0] and not args.opaque
        effect = ("the first of them becomes the cluster name and the node never joins" if takes_name
                  else "the script ignores them")
        yield RULE.finding(
            spilled[0],
            f"--kubelet-extra-args takes only the next word, so {', '.join(str(w.value) for w in spilled)} "
            f"never reach kubelet ({effect}); quote the whole list: --kubelet-extra-args '{words}'",
            severity=Severity.ERROR if takes_name else None,
        )
