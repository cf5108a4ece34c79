"""`/etc/eks/bootstrap.sh` option that the script does not know, or written as `--option=value`.

## What it does
Reports each word of a bootstrap.sh call that starts with `-` but is none of the script's
options (`--apiserver-endpoint`, `--b64-cluster-ca`, `--kubelet-extra-args`, ...), with the
closest option in the message; `--option=value` is reported too, since the script only accepts
the option and its value as two words. A misplaced word before the cluster name is an error (it
becomes the cluster name); after it, a warning (it is dropped). Kubelet flags spilled out of an
unquoted `--kubelet-extra-args` are left to EKS326.

## Why is this bad
bootstrap.sh matches options exactly and puts everything else in its positional arguments; the
first positional becomes the cluster name. A misspelled option in front of the name makes the
script bootstrap a cluster called `--kubelet-extra-arg` (describe-cluster and the kubelet's
`aws eks get-token` fail, the node never joins); after the name it is silently ignored, so the
setting it carried (kubelet arguments, endpoint, CA, DNS IP) is lost.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-arg '--max-pods=110' --apiserver-endpoint=https://...
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster --kubelet-extra-args '--max-pods=110' --apiserver-endpoint https://...
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S02, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (`case $key in ... *) POSITIONAL+=("$1")`, `CLUSTER_NAME="$1"`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import BOOTSTRAP_FLAGS, HELP_FLAGS, calls, closest, spilled_kubelet_flags

RULE = Rule("EKS317", "bootstrap-unknown-flag", Severity.ERROR, tags=("bootstrap", "al2"), precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        spilled = {id(w) for w in spilled_kubelet_flags(args)}
        after_unknown: set[int] = set()  # the value meant for a misspelled option
        for n, word in enumerate(args.positionals):
            w = word.value if word.known and isinstance(word.value, str) else None
            if w is None or not w.startswith("-") or w in HELP_FLAGS or id(word) in spilled or len(w) < 2:
                continue
            if id(word) in after_unknown:
                continue
            if "=" not in w and n + 1 < len(args.positionals):
                after_unknown.add(id(args.positionals[n + 1]))
            name = w.split("=", 1)[0]
            if "$" in name:
                continue  # built by the shell or a template (`--service-${family}-cidr`): not known
            if name in BOOTSTRAP_FLAGS:
                fix = f"write the option and its value as two words: `{name} {w.split('=', 1)[1] or '...'}`"
                what = f"`{name}=...` is not read as `{name}`: bootstrap.sh only takes the value as the next word"
            else:
                near = closest(name, BOOTSTRAP_FLAGS)
                fix = f"use `{near}`" if near else "remove it (see `/etc/eks/bootstrap.sh --help`)"
                what = f"`{name}` is not a bootstrap.sh option"
            if n == 0 and not args.opaque:
                yield RULE.finding(
                    word,
                    f"{what}, and as the first non-option word it becomes the cluster name, so the node never "
                    f"joins; {fix}",
                )
            else:
                yield RULE.finding(word, f"{what}; the script ignores it and its setting is lost; {fix}",
                                   severity=Severity.WARNING)
