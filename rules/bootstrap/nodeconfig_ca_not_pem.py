"""Certificate authority that decodes from base64 but is not a PEM certificate.

## What it does
Base64-decodes `spec.cluster.certificateAuthority` of NodeConfigs and the `--b64-cluster-ca`
of AL2 bootstrap.sh calls and warns when the result is not PEM text
(`-----BEGIN CERTIFICATE-----`): most often the value was base64-encoded twice (the decoded
text starts with `LS0tLS1CRUdJTi`, because the cluster's `certificateAuthority.data` is already
base64), or it is a DER certificate. Values that do not decode are EKS302 / EKS319; short
stand-ins and placeholders are skipped.

## Why is this bad
The decoded bytes are written verbatim to `/etc/kubernetes/pki/ca.crt`, which kubelet loads as
its client CA and the kubeconfig uses to verify the API server. Anything but PEM leaves kubelet
unable to load the CA or to trust the API server, and the node does not register.

## Example
```yaml
spec:
  cluster:
    # base64 of the base64 text returned by describe-cluster
    certificateAuthority: TFMwdExTMUNSVWRKVGlCRFJWSlVTVVpKUTBGVVJTMHRMUzB0Q2sxSlNVTXZha05EUVdWaFowRjNTVUpCWjBsQ1FVUkJUa0puYTNGb2EybEhPWGN3UWtGUmMwWkJSRUZX
```

## Use instead
```yaml
spec:
  cluster:
    certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...   # certificateAuthority.data as returned
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N09 (the effect is inferred: hence a warning);
  amazon-eks-ami `nodeadm/internal/kubelet/cert.go`, `nodeadm/internal/kubelet/config.go` (`ClientCAFile`),
  `nodeadm/internal/kubelet/kubeconfig.template.yaml`; AL2 `templates/al2/runtime/bootstrap.sh` at `b2289030^`
  (`base64 -d > $CA_CERTIFICATE_FILE_PATH`)
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls, nodeconfigs, text
from ekslint.rules.bootstrap.nodeconfig_ca_not_base64 import _stand_in, problem
from ekslint.values import V

RULE = Rule("EKS328", "ca-not-pem", Severity.WARNING, tags=("bootstrap", "nodeadm", "al2"), precision="high")


def _why(value: str) -> str | None:
    if _stand_in(value) or problem(value) is not None:
        return None
    try:
        raw = base64.b64decode(value.replace("\n", "").replace("\r", ""), validate=True)
    except (binascii.Error, ValueError):
        return None
    head = raw.lstrip()[:40]
    if head.startswith(b"-----BEGIN CERTIFICATE-----"):
        return None
    if head.startswith(b"LS0tLS1CRUdJTi"):
        return "is base64-encoded twice (it decodes to base64 text, not to the PEM certificate)"
    if head[:1] == b"\x30":
        return "decodes to a DER certificate, not PEM text"
    return "does not decode to a PEM certificate (`-----BEGIN CERTIFICATE-----`)"


def _finding(v: V, what: str, why: str) -> Finding | None:
    return RULE.finding(
        v,
        f"{what} {why}: the bytes become /etc/kubernetes/pki/ca.crt, kubelet cannot load or trust it and the node does "
        "not register; use the cluster's certificateAuthority.data exactly as `aws eks describe-cluster` returns it",
    )


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        v = doc.get("spec", "cluster", "certificateAuthority")
        t = text(v)
        why = _why(t) if t else None
        if v is not None and why:
            yield _finding(v, "spec.cluster.certificateAuthority", why)
    for _, args in calls(ctx):
        v = args.value("--b64-cluster-ca")
        t = text(v)
        why = _why(t) if t else None
        if v is not None and why:
            yield _finding(v, "--b64-cluster-ca", why)
