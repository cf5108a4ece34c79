"""NodeConfig `certificateAuthority` that is not standard base64 (for example the PEM text itself).

## What it does
Checks `spec.cluster.certificateAuthority` of every NodeConfig (plain files, MIME user data,
eksctl `overrideBootstrapCommand`, Terraform heredocs, Karpenter `userData`) and reports a value
that Go cannot decode as standard, padded base64: PEM text (`-----BEGIN CERTIFICATE-----`),
URL-safe characters (`-`, `_`), missing padding, or spaces (a multi-line plain or folded `>`
YAML scalar joins its lines with spaces). Line breaks are fine: Go's decoder skips them.
Placeholders, stand-ins (elided `LS0t...`, or short words such as `ca-bundle`: a real CA is
over a thousand base64 characters) and values computed by Terraform are not checked.

## Why is this bad
`certificateAuthority` is a `[]byte` field, so the NodeConfig decoder base64-decodes the string;
anything else is a decode error (`illegal base64 data at input byte ...`) and the whole
NodeConfig is rejected. In user data nodeadm tolerates that error with only a warning in the
boot log and carries on without that document, so `nodeadm init` ends with `no config in
chain` (or with the cluster fields missing) and the node never joins.

## Example
```yaml
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: my-cluster
    apiServerEndpoint: https://EXAMPLE0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com
    certificateAuthority: |
      -----BEGIN CERTIFICATE-----
      MIIC/jCCAeagAwIBAgIBADANBgkqhkiG9w0BAQsFADAVMRMwEQYDVQQDEwprdWJl
      -----END CERTIFICATE-----
    cidr: 10.100.0.0/16
```

## Use instead
```yaml
    # base64 of the PEM; `aws eks describe-cluster --query cluster.certificateAuthority.data`
    # already returns it in this form
    certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUMvakNDQWVhZ0F3SUJBZ0lCQURBTkJna3Fr...
```

## References
- nodeadm `nodeadm/api/v1alpha1/nodeconfig_types.go` (`CertificateAuthority []byte`) (awslabs/amazon-eks-ami)
- nodeadm `nodeadm/internal/configprovider/chain.go` (decoding errors in user data are logged and skipped)
- Go `encoding/json`: `[]byte` values are decoded with `base64.StdEncoding`, which ignores `\\r` and `\\n` only
- https://docs.aws.amazon.com/eks/latest/APIReference/API_Certificate.html (`data`: "The Base64-encoded certificate data")
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.values import V, is_placeholder

RULE = Rule("EKS302", "nodeconfig-ca-not-base64", Severity.ERROR, tags=("bootstrap", "nodeadm"), precision="very-high")

MIN_CA_LENGTH = 64
_NOT_STD = re.compile(r"[^A-Za-z0-9+/=]")
FIX = ("base64-encode the PEM certificate (the cluster's certificateAuthority.data, as `aws eks describe-cluster` "
       "returns it, is already base64) and paste that single string")


def problem(text: str) -> str | None:
    """Why Go's base64.StdEncoding rejects `text`, or None when it decodes."""
    data = text.replace("\r", "").replace("\n", "")
    if "-----BEGIN" in data:
        return "is PEM text, not base64"
    bad = _NOT_STD.search(data)
    if bad is not None:
        ch = bad.group(0)
        if ch == " " or ch == "\t":
            return ("contains spaces (a multi-line plain or folded `>` YAML scalar joins its lines with spaces; "
                    "use one line or a literal `|` block)")
        if ch in "-_":
            return f"uses the URL-safe base64 character {ch!r}; nodeadm expects standard base64 (`+` and `/`)"
        return f"is not base64 (character {ch!r} at position {bad.start() + 1})"
    try:
        base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError) as e:
        reason = str(e).lower()
        if "padding" in reason:
            return "is not valid base64 (missing or misplaced `=` padding)"
        return f"is not valid base64 ({e})"
    return None


def _stand_in(text: str) -> bool:
    """A value that stands in for a CA rather than attempting one.

    Documentation elides it (`LS0tLS1CRUdJTi...`) or writes a word (`ca-bundle`). A real CA
    certificate is over a thousand characters in base64, so a short value that is not PEM text
    is a stand-in, whatever its encoding.
    """
    return "..." in text or "\u2026" in text or "$" in text or (len(text.strip()) < MIN_CA_LENGTH and "-----BEGIN" not in text)


def _nodeconfigs(ctx: Context) -> Iterator[V]:
    seen: set[int] = set()
    for boot in ctx.model.bootstraps:
        for doc in boot.nodeconfigs:
            if id(doc) not in seen:
                seen.add(id(doc))
                yield doc


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in _nodeconfigs(ctx):
        ca = doc.get("spec", "cluster", "certificateAuthority")
        if ca is None or not ca.known or ca.value is None:
            continue
        if isinstance(ca.value, bool | int | float):
            yield RULE.finding(
                ca,
                f"spec.cluster.certificateAuthority is a {type(ca.value).__name__}, not a base64 string: the NodeConfig "
                f"cannot be decoded, nodeadm skips it and the node never joins; {FIX}",
            )
            continue
        if not isinstance(ca.value, str) or not ca.value.strip() or is_placeholder(ca.value) or _stand_in(ca.value):
            continue
        why = problem(ca.value)
        if why is None:
            continue
        yield RULE.finding(
            ca,
            f"spec.cluster.certificateAuthority {why}: the NodeConfig cannot be decoded (`illegal base64 data`), "
            f"nodeadm skips it and the node never joins; {FIX}",
        )
