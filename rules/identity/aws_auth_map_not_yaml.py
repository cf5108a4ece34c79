"""aws-auth `mapRoles` / `mapUsers` string that is not valid YAML.

## What it does
Parses the YAML held in the `mapRoles`, `mapUsers` and `mapAccounts` strings of the aws-auth
ConfigMap the way the authenticator does and reports a string that does not parse, or does not
parse to a list, at the position of the error (a line of the outer file).

## Why is this bad
The authenticator converts each string from YAML to JSON and decodes it as a list; when that
fails it drops the whole key. Every node and user mapped there is then unknown: kubelet logs
`Unable to register node with API server" err="Unauthorized"` and people lose access. Kubernetes
accepts the ConfigMap, because to the API server the value is just a string, so nothing warns at
apply time. The EKS guide: "An improperly formatted aws-auth ConfigMap can cause you to lose
access to your cluster".

## Example
```yaml
data:
  mapRoles: |
    - groups:
    - system:bootstrappers
    - system:nodes
    rolearn: arn:aws:iam::111122223333:role/hybrid-nodes
    username: system:node:{{SessionName}}
```

## Use instead
```yaml
data:
  mapRoles: |
    - groups:
        - system:bootstrappers
        - system:nodes
      rolearn: arn:aws:iam::111122223333:role/hybrid-nodes
      username: system:node:{{SessionName}}
```

## References
- kubernetes-sigs/aws-iam-authenticator `pkg/mapper/configmap/configmap.go` `ParseMap` (YAML → JSON, whole key dropped on error)
- https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html ("An improperly formatted aws-auth ConfigMap can
  cause you to lose access to your cluster")
- aws/karpenter-provider-aws `website/content/en/docs/troubleshooting.md` (nodes `Unauthorized`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS408", "aws-auth-map-not-yaml", Severity.ERROR, tags=("identity", "aws-auth"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for auth in ctx.model.aws_auth:
        for _value, message, span in auth.problems:
            text = message.rstrip(". ")
            yield RULE.finding(
                span,
                f"{text}: nodes and users mapped there get Unauthorized. Fix the YAML so the value is a list of "
                "mappings (each `- rolearn:` item with its username and groups indented under it)",
            )
