"""NodeConfig `instance.network.nameservers` entry that is not an IP address.

## What it does
Reports entries of `spec.instance.network.nameservers` that are not IPv4 or IPv6 literals
(an optional `:port`, `%interface` or `#server-name` suffix, as systemd-resolved accepts, is
allowed): host names, CIDRs, comma-separated lists.

## Why is this bad
nodeadm writes the list as `DNS=` of systemd-resolved, which takes addresses only and skips
anything else: the node keeps resolving through the VPC resolver, and names only your DNS
servers know (private registries, on-premises endpoints) fail on that node.

## Example
```yaml
spec:
  instance:
    network:
      nameservers: [dns.corp.example.com]
```

## Use instead
```yaml
spec:
  instance:
    network:
      nameservers: [10.0.0.2]
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N17 (nodeadm does not validate the field: inferred, hence a warning);
  amazon-eks-ami `nodeadm/api/v1alpha1/nodeconfig_types.go` (`nameservers` comments)
- systemd `resolved.conf(5)` (`DNS=` takes IP addresses)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import nodeconfigs, text

RULE = Rule("EKS313", "nodeconfig-nameserver-not-ip", Severity.WARNING, tags=("bootstrap", "nodeadm", "dns"),
            precision="high")


def is_address(server: str) -> bool:
    s = server.split("#", 1)[0].split("%", 1)[0]
    if s.startswith("[") and "]" in s:
        s = s[1 : s.index("]")]
    elif s.count(":") == 1:
        s = s.split(":", 1)[0]
    try:
        ipaddress.ip_address(s)
    except ValueError:
        return False
    return True


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        servers = doc.get("spec", "instance", "network", "nameservers")
        for item in servers.list() if servers is not None else []:
            t = text(item)
            if t is None or is_address(t):
                continue
            yield RULE.finding(
                item,
                f"nameserver {t!r} is not an IP address: systemd-resolved skips it and the node keeps the VPC resolver; "
                "write the DNS server's IP address (one per entry)",
            )
