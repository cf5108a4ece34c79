"""NodeConfig in a MIME user-data part whose Content-Type is not `application/node.eks.aws`.

## What it does
Reports MIME parts that hold a NodeConfig document but are typed otherwise
(`application/yaml`, `text/yaml`, `text/cloud-config`, `text/x-shellscript`, a misspelt
`application/node.eks.aws/v1alpha1`, or no `Content-Type` at all). Parameters after the type
(`; charset="us-ascii"`) are fine. It is an error when no part of the user data has the right
type and nothing else supplies the cluster section (the node never joins), otherwise a warning
(that part's settings are lost). Terraform `cloudinit_config` parts are checked as well.

## Why is this bad
nodeadm decodes only the parts whose media type is exactly `application/node.eks.aws`; other
parts go to cloud-init, which does not know NodeConfig. With no such part nodeadm stops with
`could not find NodeConfig within UserData`.

## Example
```
--BOUNDARY
Content-Type: application/yaml

apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
```

## Use instead
```
--BOUNDARY
Content-Type: application/node.eks.aws

apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
```

## References
- research notes `domain-eksctl-nodeadm.md` 1H U01; amazon-eks-ami `nodeadm/internal/configprovider/mime.go`
  `ParseMultipart`, `nodeadm/internal/configprovider/userdata.go` (`nodeConfigMediaType`, `ErrNoConfigInUserData`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.extract.userdata import NODECONFIG_MEDIA_TYPE
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import reads_nodeconfig

RULE = Rule("EKS314", "userdata-nodeconfig-content-type", Severity.ERROR, tags=("bootstrap", "nodeadm", "userdata"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for boot in ctx.model.bootstraps:
        if not boot.parts or not reads_nodeconfig(ctx, boot):
            continue
        has_right_part = any(p.media_type == NODECONFIG_MEDIA_TYPE and p.content_type is not None for p in boot.parts)
        for part in boot.parts:
            if not part.nodeconfigs or part.media_type == NODECONFIG_MEDIA_TYPE:
                continue
            if part.content_type is not None and not part.content_type.known:
                continue
            fatal = not has_right_part and not boot.cluster_details_supplied
            what = (f"has Content-Type {part.content_type.value!r}" if part.content_type is not None
                    else "has no Content-Type header")
            effect = ("nodeadm finds no NodeConfig (\"could not find NodeConfig within UserData\") and the node never "
                      "joins" if fatal else "nodeadm ignores this part and its settings are lost")
            yield RULE.finding(
                part.content_type if part.content_type is not None else part.span,
                f"this MIME part holds a NodeConfig but {what}: {effect}; set "
                f"`Content-Type: {NODECONFIG_MEDIA_TYPE}`",
                severity=None if fatal else Severity.WARNING,
            )
