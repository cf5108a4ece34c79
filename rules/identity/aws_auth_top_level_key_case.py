"""aws-auth `mapRoles` / `mapUsers` / `mapAccounts` key with the wrong case or outside `data`.

## What it does
Reports, in the aws-auth ConfigMap (YAML or a Terraform `kubernetes_config_map*` resource),
a `data` key that is `mapRoles`, `mapUsers` or `mapAccounts` in another spelling of case
(`maproles`, `MapRoles`, `MAPUSERS`), and in YAML a `mapRoles` / `mapUsers` / `mapAccounts` key
written next to `data` instead of under it, or under a misspelled `data` key (`Data:`).

## Why is this bad
The authenticator looks the three keys up by their exact names; the keys inside each entry
(`rolearn`, `groups`) are case-insensitive, but these are not. A key in another case, or outside
`data`, is silently ignored (Kubernetes drops unknown top-level fields of a ConfigMap), so every
node and user mapped there gets `Unauthorized`.

## Example
```yaml
data:
  maproles: |
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

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A02, citing kubernetes-sigs/aws-iam-authenticator
  `pkg/mapper/configmap/yaml_test.go` ("top-level keys are case-sensitive") and its fixtures
  `yaml/aws-auth-lower-case-top-keys.yaml`, `yaml/aws-auth-crazy-case-top-keys.yaml`
- kubernetes-sigs/aws-iam-authenticator `pkg/mapper/configmap/configmap.go` `ParseMap` (exact key lookup)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint import documents as kinds
from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import MAP_KEYS, configmaps, key_at, map_keys

RULE = Rule("EKS411", "aws-auth-top-level-key-case", Severity.ERROR, tags=("identity", "aws-auth"),
            precision="very-high")

CONFIGMAP_FIELDS = ("apiVersion", "kind", "metadata", "data", "binaryData", "immutable")


def check(ctx: Context) -> Iterator[Finding | None]:
    for auth in configmaps(ctx.model):
        for key, right, val in map_keys(auth):
            if key != right:
                yield RULE.finding(key_at(val), f"data key {key!r} is not {right}: the authenticator reads the three keys "
                                   f"by their exact, case-sensitive names and ignores this one. Rename it to {right}")
    for doc in ctx.documents_of(kinds.AWS_AUTH):
        for key, val in doc.root.items():
            if key.lower() in MAP_KEYS:
                yield RULE.finding(key_at(val), f"{key} is a top-level field of the ConfigMap, not a key under `data`; "
                                   "Kubernetes drops it and the authenticator never sees it. Move it under data:")
            elif (key not in CONFIGMAP_FIELDS and key.lower() in ("data", "datas") and val.is_map
                  and any(k.lower() in MAP_KEYS for k, _ in val.items())):
                yield RULE.finding(key_at(val), f"the mappings are under {key!r}, which is not the ConfigMap's `data` "
                                   "field (field names are case-sensitive); Kubernetes drops it. Rename it to data")
