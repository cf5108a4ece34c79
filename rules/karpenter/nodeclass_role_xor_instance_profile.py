"""EC2NodeClass without exactly one of `role` and `instanceProfile`, or with one of them empty.

## What it does
Reports an EC2NodeClass (v1 and v1beta1; YAML, or a Terraform `kubectl_manifest` /
`kubernetes_manifest`) that sets both `spec.role` and `spec.instanceProfile`, sets neither, or
sets one of them to an empty string. Templated specs (Helm, unknown Terraform) are skipped, and a
missing role is only reported when the spec is complete (it has its subnet and security-group
selector terms), so documentation fragments are not.

## Why is this bad
The EC2NodeClass CRD validates this when the object is applied, so `kubectl apply` (or Terraform)
fails with `must specify exactly one of ['role', 'instanceProfile']`, `role cannot be empty` or
`instanceProfile cannot be empty`. Without the EC2NodeClass no NodePool that refers to it can
launch nodes.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  role: KarpenterNodeRole-prod
  instanceProfile: KarpenterNodeInstanceProfile-prod
  amiSelectorTerms:
    - alias: al2023@latest
```

## Use instead
```yaml
spec:
  role: KarpenterNodeRole-prod   # Karpenter creates and manages the instance profile
  amiSelectorTerms:
    - alias: al2023@latest
```
or keep only `instanceProfile` when you manage the instance profile yourself.

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K01
- aws/karpenter-provider-aws `pkg/apis/v1/ec2nodeclass.go` (XValidation "must specify exactly one of ['role', 'instanceProfile']", "role cannot be empty", "instanceProfile cannot be empty"); v0.37.7 `pkg/apis/v1beta1/ec2nodeclass.go` (same rules)
- https://karpenter.sh/docs/concepts/nodeclasses/ (`spec.role`, `spec.instanceProfile`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import complete_nodeclass, key_at, label, nodeclass_specs, present

RULE = Rule("EKS504", "nodeclass-role-xor-instance-profile", Severity.ERROR, tags=("karpenter", "iam"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for nc, s in nodeclass_specs(ctx.model):
        what = label(nc)
        has_role, has_profile = present(s, "role"), present(s, "instanceProfile")
        for key in ("role", "instanceProfile"):
            v = s.get(key)
            if v is not None and v.is_str and v.value == "":
                yield RULE.finding(v, f"{what} sets spec.{key} to an empty string, which the CRD rejects "
                                      f"(\"{key} cannot be empty\"); give the node role name in spec.role, or an "
                                      "existing instance profile name in spec.instanceProfile")
        if has_role and has_profile:
            yield RULE.finding(
                key_at(s, "instanceProfile"),
                f"{what} sets both spec.role and spec.instanceProfile; the CRD rejects it (\"must specify exactly one "
                "of ['role', 'instanceProfile']\"): keep spec.role to let Karpenter manage the instance profile, or "
                "keep only spec.instanceProfile for one you manage yourself",
                related=[s.get("role")],
            )
        elif has_role is False and has_profile is False and complete_nodeclass(s):
            yield RULE.finding(
                key_at(nc.doc, "spec"),
                f"{what} sets neither spec.role nor spec.instanceProfile; the CRD rejects it (\"must specify exactly "
                "one of ['role', 'instanceProfile']\"): add spec.role with the name of the Karpenter node role",
            )
