"""Service IPv4 CIDR that EKS does not accept.

## What it does
Checks the Kubernetes service CIDR (eksctl `kubernetesNetworkConfig.serviceIPv4CIDR`,
Terraform `kubernetes_network_config.service_ipv4_cidr`, terraform-aws-eks `service_ipv4_cidr` /
`cluster_service_ipv4_cidr`) and reports a value that

* is not an IPv4 CIDR block (`10.100.0.0`, `fd00::/108`);
* lies outside the private ranges 10.0.0.0/8, 172.16.0.0/12 and 192.168.0.0/16;
* has a prefix longer than /24 or shorter than /12;
* overlaps the VPC CIDR written in the same eksctl file (`vpc.cidr`, `vpc.extraCIDRs`).

## Why is this bad
eksctl stops with `invalid IPv4 CIDR for kubernetesNetworkConfig.serviceIPv4CIDR: ...` when the
value does not parse. The EKS API accepts only a block inside one of the private ranges, between
/24 and /12, that does not overlap the VPC, and CreateCluster fails with an
`InvalidParameterException` otherwise. The service CIDR cannot be changed after the cluster is
created.

## Example
```yaml
kubernetesNetworkConfig:
  serviceIPv4CIDR: 100.64.0.0/16
```

## Use instead
```yaml
kubernetesNetworkConfig:
  serviceIPv4CIDR: 172.20.0.0/16
```

## References
- research `domain-eksctl-nodeadm.md` §1C V06, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go`
  `validateKubernetesNetworkConfig` and the EKS API Reference `KubernetesNetworkConfigRequest.serviceIpv4Cidr`
  (https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import eksctl_docs, literal_text, parse_cidr
from ekslint.values import V

RULE = Rule("EKS118", "service-ipv4-cidr-invalid", Severity.ERROR, tags=("cluster", "network"), precision="very-high")

PRIVATE_RANGES = tuple(ipaddress.IPv4Network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
FIX = "use a private block between /24 and /12 that does not overlap the VPC, e.g. 172.20.0.0/16"


def _problem(text: str) -> str | None:
    net = parse_cidr(text)
    if net is None:
        return f"`{text}` is not a CIDR block (address/prefix)"
    if not isinstance(net, ipaddress.IPv4Network):
        return f"`{text}` is an IPv6 block; the service IPv4 CIDR must be IPv4"
    if not any(net.subnet_of(r) for r in PRIVATE_RANGES):
        return f"`{text}` is not inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16"
    if not 12 <= net.prefixlen <= 24:
        return f"`{text}` has a /{net.prefixlen} prefix; EKS accepts /12 to /24"
    return None


def _vpc_cidrs(root: V) -> list[tuple[V, ipaddress.IPv4Network]]:
    out = []
    vals = [root.get("vpc", "cidr"), *(root.get("vpc", "extraCIDRs") or V([], None)).list()]
    for v in vals:
        text = literal_text(v)
        net = parse_cidr(text) if text else None
        if v is not None and isinstance(net, ipaddress.IPv4Network):
            out.append((v, net))
    return out


def check(ctx: Context) -> Iterator[Finding | None]:
    for cluster in ctx.model.clusters:
        text = literal_text(cluster.service_ipv4_cidr)
        if text is None or not text:
            continue
        problem = _problem(text)
        if problem:
            yield RULE.finding(cluster.service_ipv4_cidr, f"service IPv4 CIDR {problem}; {FIX}")
    for doc in eksctl_docs(ctx):
        v = doc.root.get("kubernetesNetworkConfig", "serviceIPv4CIDR")
        text = literal_text(v)
        net = parse_cidr(text) if text else None
        if not isinstance(net, ipaddress.IPv4Network) or _problem(text or ""):
            continue
        for vpc_v, vpc_net in _vpc_cidrs(doc.root):
            if net.overlaps(vpc_net):
                yield RULE.finding(v, f"service IPv4 CIDR `{text}` overlaps the VPC CIDR `{vpc_net}`; {FIX}",
                                   related=[vpc_v])
                break
