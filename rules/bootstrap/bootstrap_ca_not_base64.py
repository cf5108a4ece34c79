"""`/etc/eks/bootstrap.sh --b64-cluster-ca` value that is not base64.

## What it does
Checks the value of `--b64-cluster-ca` in every bootstrap.sh call and reports PEM text, URL-safe
base64, spaces or missing padding. Placeholders, variables, elided stand-ins and values computed
by Terraform are not checked.

## Why is this bad
The script writes the CA with `echo "$B64_CLUSTER_CA" | base64 -d > /etc/kubernetes/pki/ca.crt`
under `set -o errexit` and `pipefail`; `base64 -d` fails with `invalid input`, the script exits
and the node never joins.

## Example
```bash
/etc/eks/bootstrap.sh my-cluster --apiserver-endpoint https://EXAMPLE.gr7.us-west-2.eks.amazonaws.com \
  --b64-cluster-ca '-----BEGIN CERTIFICATE-----MIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAV...'
```

## Use instead
```bash
/etc/eks/bootstrap.sh my-cluster --apiserver-endpoint https://EXAMPLE.gr7.us-west-2.eks.amazonaws.com \
  --b64-cluster-ca LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...
```

## References
- research notes `domain-eksctl-nodeadm.md` 1I S04, verified in amazon-eks-ami
  `templates/al2/runtime/bootstrap.sh` at `b2289030^` (`set -o errexit`, `set -o pipefail`,
  `echo "$B64_CLUSTER_CA" | base64 -d > $CA_CERTIFICATE_FILE_PATH`)
- GNU coreutils `base64 --decode` (rejects characters outside the alphabet and bad padding)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls, text
from ekslint.rules.bootstrap.nodeconfig_ca_not_base64 import _stand_in, problem

RULE = Rule("EKS319", "bootstrap-ca-not-base64", Severity.ERROR, tags=("bootstrap", "al2"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, args in calls(ctx):
        value = args.value("--b64-cluster-ca")
        ca = text(value)
        if value is None or ca is None or _stand_in(ca):
            continue
        why = problem(ca)
        if why is None:
            continue
        yield RULE.finding(
            value,
            f"--b64-cluster-ca {why}: bootstrap.sh stops at `base64 -d` (invalid input) and the node never joins; "
            "pass the cluster's certificateAuthority.data as `aws eks describe-cluster` returns it (already base64)",
        )
