"""EC2NodeClass `spec.role` given as an ARN or with an IAM path instead of the role name.

## What it does
Reports an EC2NodeClass whose `spec.role` is an IAM role ARN (`arn:aws:iam::...:role/...`) or
contains a `/`, and, in Terraform manifests, a `spec.role` that is a role's `arn` attribute or a
module's `*_arn` output (`module.karpenter.node_iam_role_arn`). Placeholders are not reported.

## Why is this bad
`spec.role` is the role *name* Karpenter passes to `iam:AddRoleToInstanceProfile` when it creates
the nodes' instance profile. Karpenter releases before v1.2.0 pass the value unchanged; IAM names
cannot contain `:` or `/`, so the instance profile is never created
(`InstanceProfileReady=False`) and no node is launched. From v1.2.0 Karpenter keeps only the part
after the last `/`, so an ARN works there by accident, and breaks again as soon as an older
chart is installed or the value is compared with aws-auth or access-entry names.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: arn:aws:iam::111122223333:role/KarpenterNodeRole-prod
```

## Use instead
```yaml
spec:
  role: KarpenterNodeRole-prod
```
(Terraform: `module.karpenter.node_iam_role_name`, `aws_iam_role.nodes.name`.)

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K02
- aws/karpenter-provider-aws `pkg/providers/instanceprofile/instanceprofile.go` ("If the role has a path, ignore the path and take the role name only since AddRoleToInstanceProfile does not support paths in the role name"; first released in v1.2.0)
- https://karpenter.sh/docs/concepts/nodeclasses/ (`spec.role`: the role name)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import label
from ekslint.values import is_placeholder, plain_ref

RULE = Rule("EKS505", "nodeclass-role-not-a-name", Severity.WARNING, tags=("karpenter", "iam"), precision="high")


def _arn_reference(ref: str | None) -> bool:
    return bool(ref) and (ref.endswith(".arn") or ref.endswith("_arn"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for nc in ctx.model.node_classes:
        role = nc.role
        if role is None:
            continue
        what = label(nc)
        if role.is_str and not is_placeholder(role.value) and (role.value.startswith("arn:") or "/" in role.value):
            name = role.value.rsplit("/", 1)[-1]
            kind = "an IAM role ARN" if role.value.startswith("arn:") else "a role name with an IAM path"
            yield RULE.finding(
                role,
                f"{what} spec.role is {kind}, but Karpenter expects the role name (it calls "
                "iam:AddRoleToInstanceProfile with it; releases before v1.2.0 fail to create the instance profile "
                f"and launch no nodes); set spec.role: {name}",
            )
        elif not role.known and _arn_reference(plain_ref(role.ref)):
            ref = plain_ref(role.ref) or ""
            fixed = ref[: -len(".arn")] + ".name" if ref.endswith(".arn") else ref[: -len("_arn")] + "_name"
            yield RULE.finding(
                role,
                f"{what} spec.role is set from {ref}, a role ARN, but Karpenter expects the role name "
                "(releases before v1.2.0 fail to create the instance profile and launch no nodes); "
                f"use {fixed} instead",
            )
