"""`/etc/eks/bootstrap.sh` IP-family arguments that the script rejects.

## What it does
Reports, in a bootstrap.sh call: an `--ip-family` other than `ipv4` or `ipv6`; `--service-ipv6-cidr`
together with `--ip-family ipv4`; and `--ip-family ipv6` without `--service-ipv6-cidr` or
`--dns-cluster-ip` when the endpoint and CA are passed (then the script does not read the
service CIDR from DescribeCluster).

## Why is this bad
The script stops before configuring kubelet, and the node never joins:
`ERROR: Invalid --ip-family. Only ipv4 or ipv6 are allowed`,
`ERROR: --ip-family should be ipv6 when --service-ipv6-cidr is specified`,
`ERROR: One of --service-ipv6-cidr or --dns-cluster-ip must be provided when --ip-family is ipv6`.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --apiserver-endpoint "$ENDPOINT" --b64-cluster-ca "$CA" --ip-family ipv6
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster --apiserver-endpoint "$ENDPOINT" --b64-cluster-ca "$CA" \
  --ip-family ipv6 --service-ipv6-cidr fd30:1c53:5f8a::/108
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S05, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (the three error messages above)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls

RULE = Rule("EKS320", "bootstrap-ip-family", Severity.ERROR, tags=("bootstrap", "al2", "ipv6"), precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        family_v = args.value("--ip-family")
        family = args.known("--ip-family")
        if family is not None and family.lower() not in ("ipv4", "ipv6"):
            yield RULE.finding(
                family_v,
                f"--ip-family {family!r} is rejected (\"Only ipv4 or ipv6 are allowed\") and the node never joins; "
                "use `--ip-family ipv4` or `--ip-family ipv6`",
            )
            continue
        fam = family.lower() if family else None
        if fam == "ipv4" and args.given("--service-ipv6-cidr"):
            yield RULE.finding(
                args.flags["--service-ipv6-cidr"][0],
                "--service-ipv6-cidr with --ip-family ipv4 stops bootstrap.sh (\"--ip-family should be ipv6 when "
                "--service-ipv6-cidr is specified\"); use --ip-family ipv6 or drop --service-ipv6-cidr",
            )
        if fam == "ipv6" and not args.opaque and args.skips_describe_cluster and not (
            args.given("--service-ipv6-cidr") or args.given("--dns-cluster-ip")
        ):
            yield RULE.finding(
                family_v,
                "--ip-family ipv6 with the endpoint and CA passed but no --service-ipv6-cidr or --dns-cluster-ip stops "
                "bootstrap.sh (\"One of --service-ipv6-cidr or --dns-cluster-ip must be provided\"); pass "
                "--service-ipv6-cidr with the cluster's serviceIpv6Cidr",
            )
