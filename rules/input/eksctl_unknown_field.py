"""Unknown or misspelt field in an eksctl ClusterConfig.

## What it does
Compares every key of a `ClusterConfig` (`eksctl.io/v1alpha5`) with the fields eksctl knows at
that place (top level, `metadata`, `vpc`, `iam`, `accessConfig`, `addons`, node groups, Fargate
profiles, ...) and reports the ones it does not know, with the closest known field. Keys that
belong to the other node-group kind are left to EKS011; free-form parts (`labels`, `tags`,
`kubeletExtraConfig`, IAM policy documents, `bottlerocket.settings`) are not looked into.

## Why is this bad
eksctl reads the file twice: first with strict decoding, which stops on an unknown key
(`error unmarshaling JSON: while decoding JSON: json: unknown field "instanceTypes"`), then with
the Kubernetes decoder, which matches names case-sensitively and drops what it does not know.
So an unknown key aborts `eksctl create cluster`. A key that differs only in letter case
(`enableSSM` for `enableSsm`, `privatenetworking`) passes the first reading, which ignores case,
and is then dropped: the setting silently has no effect (reported as a warning). Keys under
`vpc.subnets.<private|public>.<name>` and `identityProviders` are read without the strict check
and are dropped too (warning).

## Example
```yaml
nodeGroups:
  - name: ng-1
    ssh:
      enableSSM: true
    privateNetwork: true
```

## Use instead
```yaml
nodeGroups:
  - name: ng-1
    ssh:
      enableSsm: true
    privateNetworking: true
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, 0 and E02 (eksctl `pkg/eks/api.go` `ParseConfig`:
  `yaml.UnmarshalStrict` "as the means of detecting any unknown keys", then `runtime.Decode`)
- eksctl `pkg/apis/eksctl.io/v1alpha5/types.go`, `vpc.go`, `assets/schema.json` (`additionalProperties: false`)
- eksctl `vpc.go` `AZSubnetMapping.UnmarshalJSON`, `identity_provider.go` `IdentityProvider.UnmarshalJSON` (non-strict)
- Go `encoding/json` (case-insensitive key matching) and sigs.k8s.io/yaml `UnmarshalStrict`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.input._common import UNKNOWN, eksctl_problems, fix_for_unknown, other_node_group_kind, then, unknown_text
from ekslint.schema.types import Obj

RULE = Rule("EKS010", "eksctl-unknown-field", Severity.ERROR, tags=("input", "eksctl", "schema"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for p in eksctl_problems(ctx):
        if p.kind != UNKNOWN or other_node_group_kind(p) is not None:
            continue
        at = p.value.key_span or p.value.where()
        if p.case_only:
            yield RULE.finding(
                at,
                f"field `{p.key}` in {p.path or 'the top level'} is spelt `{p.suggestion}`: eksctl reads field names "
                f"case-sensitively, so this value is silently ignored; rename it to `{p.suggestion}`",
                severity=Severity.WARNING,
            )
        elif isinstance(p.expected, Obj) and p.expected.lenient:
            yield RULE.finding(
                at, then(unknown_text(p), f"the entry is read without the strict check, so eksctl drops the key and the setting has no effect; "
                                          f"{fix_for_unknown(p)}"),
                severity=Severity.WARNING,
            )
        else:
            yield RULE.finding(at, then(unknown_text(p), f"the file is rejected by eksctl (`json: unknown field \"{p.key}\"`); "
                                                         f"{fix_for_unknown(p)}"))
