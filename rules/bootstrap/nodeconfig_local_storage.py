"""NodeConfig `instance.localStorage` with a strategy or disabled mount that nodeadm cannot use.

## What it does
Reports `spec.instance.localStorage.strategy` values other than `RAID0`, `RAID10` and `Mount`
(nodeadm lower-cases the value, so other casings and `none` pass too), and
`disabledMounts` entries other than `Containerd`, `PodLogs` and `SOCI`.

## Why is this bad
nodeadm runs `setup-local-disks <strategy>`; the helper accepts only `raid0`, `raid10`, `mount`
and `none`, prints `Valid disk setup options are: raid0, raid10, mount or none` and exits 1, so
`nodeadm init` fails and the node never joins. Unknown `disabledMounts` entries are skipped
without a word: the mount you meant to keep off the instance store is bound anyway (warning).

## Example
```yaml
spec:
  instance:
    localStorage:
      strategy: RAID5
      disabledMounts: [Kubelet]
```

## Use instead
```yaml
spec:
  instance:
    localStorage:
      strategy: RAID0
      disabledMounts: [PodLogs]
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N12; amazon-eks-ami `nodeadm/internal/system/local_disk.go`,
  `nodeadm/api/v1alpha1/nodeconfig_types.go` (enums), `templates/shared/runtime/bin/setup-local-disks`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import closest, nodeconfigs, text

RULE = Rule("EKS309", "nodeconfig-local-storage", Severity.ERROR, tags=("bootstrap", "nodeadm"), precision="very-high")

STRATEGIES = ("RAID0", "RAID10", "Mount")
ACCEPTED = ("raid0", "raid10", "mount", "none")
MOUNTS = ("Containerd", "PodLogs", "SOCI")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        storage = doc.get("spec", "instance", "localStorage")
        if storage is None or not storage.is_map:
            continue
        strategy = storage.get("strategy")
        s = text(strategy)
        if strategy is not None and s is not None and s.lower() not in ACCEPTED:
            near = closest(s, STRATEGIES)
            yield RULE.finding(
                strategy,
                f"localStorage.strategy {s!r} is rejected by setup-local-disks (\"Valid disk setup options are: raid0, "
                f"raid10, mount or none\"), nodeadm init fails and the node never joins; use "
                + (f"`strategy: {near}`" if near else "RAID0, RAID10 or Mount"),
            )
        mounts = storage.get("disabledMounts")
        for item in mounts.list() if mounts is not None else []:
            m = text(item)
            if m is not None and m not in MOUNTS:
                near = closest(m, MOUNTS)
                yield RULE.finding(
                    item,
                    f"disabledMounts entry {m!r} is not one nodeadm knows ({', '.join(MOUNTS)}), so it is ignored and "
                    "that mount still goes to the instance store; " + (f"use `{near}`" if near else "remove it"),
                    severity=Severity.WARNING,
                )
