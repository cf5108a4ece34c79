"""ClusterConfig value of the wrong type, or outside the values eksctl accepts.

## What it does
Checks the type of every value in a `ClusterConfig` against the Go field it is decoded into: a
quoted `"true"` for a boolean, a number for a string (`version: 3` of a launch template, an
unquoted account ID), a mapping where a list is expected, a string for a count. Also checks the
fields eksctl takes from a fixed set: `vpc.nat.gateway`, `upgradePolicy.supportType`, `cloudWatch.clusterLogging.enableTypes`, `volumeType`,
`instanceSelector.cpuArchitecture`. `metadata.version`, `amiFamily`, `ipFamily`, access-entry types and
`iamIdentityMappings` values are judged by their own rules.

## Why is this bad
eksctl turns the YAML into JSON and decodes it into typed Go structs; the Kubernetes decoder it
uses does not convert between types, so `eksctl create cluster` stops with errors such as
`json: cannot unmarshal string into Go struct field ... of type bool` or
`ReadString: expects " or n, but found 1`. Enum values outside the set fail eksctl's validation
(`upgradePolicy.supportType must be either "STANDARD" or "EXTENDED"`,
`log type "Audit" (cloudWatch.clusterLogging.enableTypes[0]) is unknown`,
`single is not a valid NAT gateway mode`) or the CloudFormation deployment (`volumeType`).

## Example
```yaml
vpc:
  nat:
    gateway: single
managedNodeGroups:
  - name: ng-1
    privateNetworking: "true"
    launchTemplate:
      id: lt-0123456789abcdef0
      version: 3
```

## Use instead
```yaml
vpc:
  nat:
    gateway: Single
managedNodeGroups:
  - name: ng-1
    privateNetworking: true
    launchTemplate:
      id: lt-0123456789abcdef0
      version: "3"
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, 0 and 2A (field types from `types.go` / `schema.json`)
- eksctl `pkg/eks/api.go` `ParseConfig` (`runtime.Decode` with the Kubernetes universal deserializer)
- eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` (`validateSupportType`, cloudWatch log types, ipFamily),
  `pkg/cfn/builder/vpc_ipv4.go` `addNATGateways`
- https://github.com/eksctl-io/eksctl/issues/5556 (a number for a string field: `ReadString: expects " or n`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.input._common import ENUM, TYPE, eksctl_problems, enum_text, type_text

RULE = Rule("EKS012", "eksctl-wrong-value-type", Severity.ERROR, tags=("input", "eksctl", "schema"), precision="high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for p in eksctl_problems(ctx):
        if p.kind == TYPE:
            yield RULE.finding(p.value, f"{type_text(p)} (eksctl cannot decode the file otherwise)")
        elif p.kind == ENUM:
            yield RULE.finding(p.value, enum_text(p, "eksctl"))
