"""eksctl node group `ssh` settings that eksctl refuses: SSM disabled, several public keys.

## What it does
Reports `ssh.enableSsm: false` (error), `ssh.enableSsm: true` (note: deprecated, SSM is always
on), and `ssh` blocks that set more than one of `publicKeyName`, `publicKeyPath` and
`publicKey` (error).

## Why is this bad
The SSM agent is part of the EKS AMIs; eksctl refuses to turn it off: `SSM agent is now built
into EKS AMIs and cannot be disabled`. With several keys it cannot tell which one to install:
`only one of publicKeyName, publicKeyPath or publicKey can be specified for SSH per node-group`.

## Example
```yaml
nodeGroups:
  - name: workers
    ssh:
      allow: true
      publicKeyName: ops
      publicKeyPath: ~/.ssh/id_rsa.pub
      enableSsm: false
```

## Use instead
```yaml
nodeGroups:
  - name: workers
    ssh:
      allow: true
      publicKeyName: ops
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G04 `ssm-disable`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `validateNodeGroupBase`, `validateNodeGroupSSH`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import eksctl_groups

RULE = Rule("EKS219", "ssh-settings-invalid", Severity.ERROR, tags=("nodes", "ssh", "eksctl"), precision="very-high")

KEYS = ("publicKeyName", "publicKeyPath", "publicKey")


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        ssh = g.get("ssh")
        if ssh is None or not ssh.is_map:
            continue
        ssm = ssh.get("enableSsm")
        if g.is_false("ssh", "enableSsm"):
            yield RULE.finding(ssm, f"{g.label}: ssh.enableSsm: false is refused by eksctl (the SSM agent is built into "
                               "EKS AMIs and cannot be disabled); remove enableSsm")
        elif g.is_true("ssh", "enableSsm"):
            yield RULE.finding(ssm, f"{g.label}: ssh.enableSsm is deprecated (SSM is always enabled); remove it",
                               severity=Severity.NOTE)
        keys = [k for k in KEYS if ssh.str(k)]
        if len(keys) > 1:
            second = ssh.get(keys[1])
            yield RULE.finding(second.key_span or second, f"{g.label}: ssh sets {', '.join(keys)}, but eksctl accepts "
                               f"only one public key source; keep {keys[0]} and remove the others")
