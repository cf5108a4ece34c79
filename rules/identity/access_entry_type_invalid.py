"""Access entry whose `type` is not one of the values the EKS API accepts.

## What it does
Reports an access entry type that is not `STANDARD`, `EC2`, `EC2_LINUX`, `EC2_WINDOWS`,
`FARGATE_LINUX`, `HYBRID_LINUX` or `HYPERPOD_LINUX`, exactly as written (the values are
case-sensitive). It reads eksctl `accessConfig.accessEntries[].type`, Terraform
`aws_eks_access_entry.type`, the `access_entries` input of terraform-aws-modules/eks and the
`access_entry_type` input of its Karpenter submodule. When the value is a near miss the message
names the intended one.

## Why is this bad
The AWS provider validates `type` against its list case-sensitively, so `terraform plan` stops
with `expected type to be one of [...]`; eksctl stops with `invalid access entry type "EC2_Linux"
for accessEntries[0]`; the API itself answers with a validation error. A frequent source is the
EKS user guide's CLI example, which spells the type `EC2_Linux`: copied into HCL or YAML it fails.

## Example
```yaml
accessConfig:
  authenticationMode: API
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/eks-nodes
      type: EC2_Linux
```

## Use instead
```yaml
accessConfig:
  authenticationMode: API
  accessEntries:
    - principalARN: arn:aws:iam::111122223333:role/eks-nodes
      type: EC2_LINUX
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E01, citing hashicorp/terraform-provider-aws
  `internal/service/eks/access_entry.go` (`validation.StringInSlice(..., false)`) and the EKS user guide
  `grant-k8s-access.adoc` (CLI example with `--type EC2_Linux`)
- https://docs.aws.amazon.com/eks/latest/APIReference/API_CreateAccessEntry.html (`type` values)
- eksctl `pkg/apis/eksctl.io/v1alpha5/access_entry.go` (`invalid access entry type %q for %s`)
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._access import ENTRY_TYPES, literal
from ekslint.rules.identity._common import entry_label

RULE = Rule("EKS450", "access-entry-type-invalid", Severity.ERROR, tags=("identity", "access-entry"),
            precision="very-high")


def _suggest(text: str) -> str | None:
    norm = text.strip().upper().replace("-", "_").replace(" ", "_")
    if norm in ENTRY_TYPES:
        return norm
    found = difflib.get_close_matches(norm, ENTRY_TYPES, n=1, cutoff=0.75)
    return found[0] if found else None


def check(ctx: Context) -> Iterator[Finding | None]:
    seen: set[int] = set()
    for entry in ctx.model.access_entries:
        v = entry.type
        text = literal(v)
        if v is None or text is None or text in ENTRY_TYPES or id(v) in seen:
            continue
        seen.add(id(v))
        hint = _suggest(text)
        fix = f"Write {hint!r} (the values are case-sensitive)" if hint else (
            "Use one of " + ", ".join(ENTRY_TYPES))
        yield RULE.finding(v, f"{entry_label(entry)} has type {text!r}, which the EKS API, eksctl and the AWS "
                              f"provider reject. {fix}")
