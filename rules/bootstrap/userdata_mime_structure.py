"""MIME user data carrying a NodeConfig that Go's MIME reader cannot split into parts.

## What it does
For user data that starts with MIME headers and mentions `node.eks.aws`, reports what keeps
nodeadm from reading it as multipart: an empty or indented first line, headers not followed by
an empty line, a multipart `Content-Type` without `boundary=`, no part starting with the
boundary line, or a last part that runs to the end without a closing `--BOUNDARY--` (a
warning: read from Go's reader, not seen failing).

## Why is this bad
nodeadm reads user data with Go's `net/mail` and `mime/multipart`. When the message is not
multipart it decodes the whole text as one NodeConfig, which fails; a missing closing
boundary fails the part reader (`unexpected EOF`). Either way nodeadm has no configuration
from user data and the node never joins (cloud-init is more forgiving, so the scripts in the
same user data may still run, which hides the problem).

## Example
```
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"
--BOUNDARY
Content-Type: application/node.eks.aws
...
```

## Use instead
```
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: application/node.eks.aws

apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
...
--BOUNDARY--
```

## References
- research notes `domain-eksctl-nodeadm.md` 1H U02; amazon-eks-ami `nodeadm/internal/configprovider/mime.go`
  (`ParseMaybeMultipart`, `getMultipartReader`)
- Go `net/mail.ReadMessage`, `mime/multipart.Reader`; RFC 2046 section 5.1.1 (boundary delimiters)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import reads_nodeconfig

RULE = Rule("EKS315", "userdata-mime-structure", Severity.ERROR, tags=("bootstrap", "nodeadm", "userdata"),
            precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for boot in ctx.model.bootstraps:
        if not boot.structure_problems or not reads_nodeconfig(ctx, boot):
            continue
        for where, why in boot.structure_problems:
            # a missing closing boundary is read from Go's reader, not seen failing: a warning
            severity = Severity.WARNING if "closing boundary" in why else None
            yield RULE.finding(
                where,
                f"nodeadm cannot read this user data as MIME multipart: {why}; it gets no NodeConfig from it and the "
                "node never joins; start with the headers on the first line, leave an empty "
                "line after them and after each part's headers, and end with `--BOUNDARY--`",
                severity=severity,
            )
