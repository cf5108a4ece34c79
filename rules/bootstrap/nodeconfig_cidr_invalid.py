"""NodeConfig `spec.cluster.cidr` that is not in CIDR notation.

## What it does
Reports a `spec.cluster.cidr` that Go's `net.ParseCIDR` rejects: a bare IP (`10.100.0.10`), a
missing or out-of-range prefix length, octets with leading zeros, a range or a list.

## Why is this bad
nodeadm derives the node's IP family and the cluster DNS IP from the CIDR while writing the
kubelet configuration; a value that does not parse stops `nodeadm init`
(`10.100.0.10 is not a valid IP Address. error: invalid CIDR address: 10.100.0.10`) and the node
never joins.

## Example
```yaml
spec:
  cluster:
    cidr: 10.100.0.10
```

## Use instead
```yaml
spec:
  cluster:
    cidr: 10.100.0.0/16   # the cluster's service CIDR (kubernetesNetworkConfig.serviceIpv4Cidr)
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N07; amazon-eks-ami `nodeadm/internal/api/net.go`
  (`GetCIDRIpFamily`, `GetClusterDns`), `nodeadm/internal/kubelet/config.go`
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import nodeconfigs, text

RULE = Rule("EKS305", "nodeconfig-cidr-invalid", Severity.ERROR, tags=("bootstrap", "nodeadm"), precision="very-high")


def cidr_problem(cidr: str) -> str | None:
    """Why Go's net.ParseCIDR rejects `cidr`, or None."""
    if "/" not in cidr:
        return "has no prefix length (a CIDR is `address/prefix`)"
    addr, _, prefix = cidr.partition("/")
    if not prefix.isdigit() or (len(prefix) > 1 and prefix.startswith("0")):
        return f"has an invalid prefix length {prefix!r}"
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return f"has an invalid address {addr!r}"
    if int(prefix) > ip.max_prefixlen:
        return f"has a prefix length over {ip.max_prefixlen}"
    return None


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        v = doc.get("spec", "cluster", "cidr")
        cidr = text(v)
        if v is None or cidr is None:
            continue
        why = cidr_problem(cidr)
        if why is None:
            continue
        yield RULE.finding(
            v,
            f"spec.cluster.cidr {cidr!r} {why}: nodeadm stops with \"{cidr} is not a valid IP Address\" and the node "
            "never joins; set it to the cluster's service CIDR, e.g. `cidr: 10.100.0.0/16`",
        )
