"""NodeConfig `spec.cluster.cidr` that cannot be the cluster's service CIDR.

## What it does
Checks a valid IPv4 `spec.cluster.cidr` against what EKS allows for a service CIDR and against
the cluster in the same configuration: it warns when the CIDR differs from the cluster's known
`serviceIpv4Cidr` (eksctl `kubernetesNetworkConfig.serviceIPv4CIDR`, Terraform
`kubernetes_network_config.service_ipv4_cidr`), lies outside `10.0.0.0/8`, `172.16.0.0/12` and
`192.168.0.0/16`, or has a prefix outside /12–/24 (typically the VPC CIDR written by mistake).
Not checked when `kubelet.config.clusterDNS` sets the DNS IP itself.

## Why is this bad
`cidr` is the Kubernetes *service* CIDR: nodeadm sets kubelet's `clusterDNS` to its `.10`
address. With the VPC CIDR or another cluster's range, the node joins but every pod's DNS
lookups go to an address no CoreDNS service has, and time out.

## Example
```yaml
spec:
  cluster:
    cidr: 10.0.0.0/8   # the VPC range, not the service range
```

## Use instead
```yaml
spec:
  cluster:
    cidr: 172.20.0.0/16   # aws eks describe-cluster --query cluster.kubernetesNetworkConfig.serviceIpv4Cidr
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N08 (marked inferred: hence a warning);
  amazon-eks-ami `nodeadm/internal/api/net.go` `GetClusterDns`
- https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html (serviceIpv4Cidr limits)
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import cluster_of, merged, nodeconfigs, text
from ekslint.rules.bootstrap.nodeconfig_cidr_invalid import cidr_problem

RULE = Rule("EKS306", "nodeconfig-cidr-implausible", Severity.WARNING, tags=("bootstrap", "nodeadm", "dns"),
            precision="medium")

PRIVATE = [ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16")]


def check(ctx: Context) -> Iterator[Finding | None]:
    for boot, doc in nodeconfigs(ctx):
        v = doc.get("spec", "cluster", "cidr")
        cidr = text(v)
        if v is None or cidr is None or cidr_problem(cidr) is not None:
            continue
        if merged(boot, "spec", "kubelet", "config", "clusterDNS") is not None:
            continue
        net = ipaddress.ip_network(cidr, strict=False)
        if net.version != 4:
            continue
        dns = cidr.rsplit(".", 1)[0] + ".10"
        cluster = cluster_of(ctx, boot)
        svc = text(cluster.service_ipv4_cidr) if cluster is not None and cluster.service_ipv4_cidr is not None else None
        if svc and cidr_problem(svc) is None and ipaddress.ip_network(svc, strict=False) != net:
            yield RULE.finding(
                v,
                f"spec.cluster.cidr {cidr} is not the cluster's service CIDR {svc}: kubelet's clusterDNS becomes {dns}, "
                f"where no CoreDNS service listens, and pods cannot resolve names; set `cidr: {svc}`",
                related=[cluster.service_ipv4_cidr],
            )
            continue
        if not any(net.subnet_of(p) for p in PRIVATE) or not 12 <= net.prefixlen <= 24:
            yield RULE.finding(
                v,
                f"spec.cluster.cidr {cidr} cannot be an EKS service CIDR (those are /12 to /24 inside 10.0.0.0/8, "
                f"172.16.0.0/12 or 192.168.0.0/16; is it the VPC CIDR?): kubelet's clusterDNS becomes {dns} and pods "
                "cannot resolve names; set it to the cluster's serviceIpv4Cidr (`aws eks describe-cluster --query "
                "cluster.kubernetesNetworkConfig.serviceIpv4Cidr`)",
            )
