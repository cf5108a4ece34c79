"""aws-auth `mapRoles` / `mapUsers` / `mapAccounts` written as a list instead of a string.

## What it does
Reports an aws-auth ConfigMap whose `data.mapRoles`, `data.mapUsers` or `data.mapAccounts` is
a YAML list or mapping (usually the `|` after the key is missing), or, in YAML, a number or a
boolean; in Terraform a `kubernetes_config_map*` resource whose `data` gives these keys a list
or object instead of `yamlencode(...)`.

## Why is this bad
ConfigMap `data` values are strings. The API server (and `kubectl apply`) refuses the object:
`cannot unmarshal array into Go struct field ConfigMap.data of type string`; Terraform stops at
plan with `Inappropriate value for attribute "data": element "mapRoles": string required`. The
mappings never reach the cluster, and a pipeline that applies several manifests may leave the
previous aws-auth in place unnoticed.

## Example
```yaml
data:
  mapRoles:
    - rolearn: arn:aws:iam::111122223333:role/eks-nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/eks-nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
```
In Terraform: `mapRoles = yamlencode([...])`.

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A03, citing kubernetes-sigs/aws-iam-authenticator
  `pkg/mapper/configmap/yaml_test.go` ("create fails, mapRoles is a top-level configMap key") and
  `yaml/aws-auth-missing-bar.yaml`
- https://kubernetes.io/docs/concepts/configuration/configmap/ (`data` holds UTF-8 strings)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import configmaps, map_keys

RULE = Rule("EKS412", "aws-auth-value-not-string", Severity.ERROR, tags=("identity", "aws-auth"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for auth in configmaps(ctx.model):
        for key, right, val in map_keys(auth):
            if not val.known or val.value is None:
                continue
            if val.is_list or val.is_map:
                shape = "a list" if val.is_list else "a mapping"
            elif auth.source == "aws-auth" and isinstance(val.value, bool | int | float):
                shape = f"a {type(val.value).__name__}"
            else:
                continue
            if auth.source == "terraform":
                fix = f"Encode it: {right} = yamlencode([...])"
                why = "Terraform refuses the plan (data is a map of strings)"
            else:
                fix = f"Write it as a block string: `{right}: |` with the list indented under it"
                why = "the API server refuses the ConfigMap (data values are strings)"
            yield RULE.finding(val, f"data.{key} is {shape}, not a string: {why}, so these mappings never reach the "
                               f"cluster. {fix}")
