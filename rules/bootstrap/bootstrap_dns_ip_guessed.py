"""`/etc/eks/bootstrap.sh` leaves the cluster DNS IP to a guess.

## What it does
Reports a bootstrap.sh call that passes `--apiserver-endpoint` and `--b64-cluster-ca` (so the
script does not call DescribeCluster) but neither `--service-ipv4-cidr` nor `--dns-cluster-ip`
(nor kubelet's own `--cluster-dns`), for IPv4 nodes. When the cluster in the same configuration
has a known service CIDR, the message gives the DNS IP to pass.

## Why is this bad
Without the service CIDR the script guesses the DNS service IP from the VPC: `172.20.0.10` when
the VPC has a `10.0.0.0/8` CIDR, else `10.100.0.10`. A cluster created with a custom
`serviceIpv4Cidr` (or a VPC whose ranges do not match the guess) gets kubelet `clusterDNS`
pointing at no service: the node joins, but every pod's DNS lookups time out.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --apiserver-endpoint "$ENDPOINT" --b64-cluster-ca "$CA"
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster --apiserver-endpoint "$ENDPOINT" --b64-cluster-ca "$CA" \
  --service-ipv4-cidr 10.150.0.0/16   # or --dns-cluster-ip 10.150.0.10
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S06, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (`DNS_CLUSTER_IP=10.100.0.10`, `172.20.0.10` when the VPC has a 10.x CIDR,
  `${SERVICE_IPV4_CIDR%.*}.10`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls, owner, text

RULE = Rule("EKS321", "bootstrap-dns-ip-guessed", Severity.WARNING, tags=("bootstrap", "al2", "dns"), precision="medium")


def check(ctx: Context) -> Iterator[Finding | None]:
    only = ctx.model.clusters[0] if len(ctx.model.clusters) == 1 else None
    for boot, args in calls(ctx):
        if args.opaque or not args.skips_describe_cluster:
            continue
        if args.given("--service-ipv4-cidr") or args.given("--dns-cluster-ip") or args.given("--service-ipv6-cidr"):
            continue
        family = args.value("--ip-family")
        if family is not None and (text(family) or "").lower() != "ipv4":
            continue
        extra = args.value("--kubelet-extra-args")
        if extra is not None and (not extra.known or "--cluster-dns" in str(extra.value)):
            continue
        ng = owner(ctx, boot)
        cluster = ng.cluster if ng is not None and ng.cluster is not None else only
        cidr = text(cluster.service_ipv4_cidr) if cluster is not None else None
        if cidr and "/" in cidr and cidr.count(".") == 3:
            fix = f"pass `--service-ipv4-cidr {cidr}` (or `--dns-cluster-ip {cidr.rsplit('.', 1)[0]}.10`)"
            known = f"; this cluster's service CIDR is {cidr}"
        else:
            fix = "pass `--service-ipv4-cidr` with the cluster's serviceIpv4Cidr (or `--dns-cluster-ip`)"
            known = ""
        yield RULE.finding(
            args.script,
            "bootstrap.sh gets the endpoint and CA but not the service CIDR, so it guesses the DNS IP "
            f"(172.20.0.10 or 10.100.0.10 from the VPC CIDR); a custom service CIDR leaves pods without DNS{known}; "
            f"{fix}",
        )
