"""`/etc/eks/bootstrap.sh` given only one of `--apiserver-endpoint` and `--b64-cluster-ca`.

## What it does
Reports a bootstrap.sh call that passes the API server endpoint without the CA, or the CA
without the endpoint.

## Why is this bad
The script uses the values only when both are given; with one of them it calls
`aws eks wait cluster-active` and `aws eks describe-cluster` at boot as if neither was passed.
That needs `eks:DescribeCluster` on the node role and a network path to the EKS API: in a
private VPC without an EKS interface endpoint, or with a role that lacks the permission, the
script ends with `ERROR: Exhausted retries while describing cluster!` and the node never joins.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --apiserver-endpoint https://EXAMPLE0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster \
  --apiserver-endpoint https://EXAMPLE0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com \
  --b64-cluster-ca LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S03, from amazon-eks-ami `templates/al2/runtime/bootstrap.sh`
  at `b2289030^` (help: "Only valid when used with --b64-cluster-ca"; `if [[ -z "${B64_CLUSTER_CA}" ]] ||
  [[ -z "${APISERVER_ENDPOINT}" ]]; then ... describe-cluster`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls

RULE = Rule("EKS318", "bootstrap-endpoint-without-ca", Severity.WARNING, tags=("bootstrap", "al2"), precision="high")

PAIR = {"--apiserver-endpoint": "--b64-cluster-ca", "--b64-cluster-ca": "--apiserver-endpoint"}


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        if args.opaque:
            continue
        for flag, other in PAIR.items():
            if args.given(flag) and not args.given(other):
                yield RULE.finding(
                    args.flags[flag][0],
                    f"{flag} is passed without {other}, so bootstrap.sh ignores it and calls DescribeCluster at boot "
                    "(needs eks:DescribeCluster and a route to the EKS API; in a private VPC without an EKS endpoint "
                    f"the node never joins); pass {other} too",
                )
