"""EC2NodeClass role named after a terraform-aws-eks Karpenter node role that gets a generated suffix.

## What it does
Reports an EC2NodeClass whose literal `spec.role` equals the node role name of a
terraform-aws-eks `karpenter` module call (`node_iam_role_name`, or the default
`Karpenter-<cluster_name>`; v19: `iam_role_name`) while that module still creates the role with
a name prefix (`node_iam_role_use_name_prefix` unset or `true`). A role given by reference
(`module.karpenter.node_iam_role_name`) is fine and not reported.

## Why is this bad
With the name prefix on (the module's default), the module creates the role with
`name_prefix = "<name>-"`, so its real name is `<name>-<timestamp suffix>`. A role named exactly
`<name>` does not exist: Karpenter cannot add it to the instance profile it creates
(`InstanceProfileReady=False`), and no node is launched. The module's own Karpenter example turns
the prefix off for exactly this reason ("Name needs to match role name passed to the
EC2NodeClass").

## Example
```hcl
module "karpenter" {
  source             = "terraform-aws-modules/eks/aws//modules/karpenter"
  cluster_name       = "prod"
  node_iam_role_name = "karpenter-nodes"
}
```
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
spec:
  role: karpenter-nodes
```

## Use instead
```hcl
module "karpenter" {
  source                        = "terraform-aws-modules/eks/aws//modules/karpenter"
  cluster_name                  = "prod"
  node_iam_role_name            = "karpenter-nodes"
  node_iam_role_use_name_prefix = false
}
```
or pass `module.karpenter.node_iam_role_name` into the manifest.

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.5 X04
- terraform-aws-modules/terraform-aws-eks `modules/karpenter/main.tf` (`name_prefix = "${local.node_iam_role_name}-"` when `node_iam_role_use_name_prefix`), `modules/karpenter/variables.tf` (default `true`)
- terraform-aws-modules/terraform-aws-eks `examples/karpenter/main.tf` (`node_iam_role_use_name_prefix = false`: "Name needs to match role name passed to the EC2NodeClass")
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import IamRole
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import concrete, label
from ekslint.values import is_placeholder, known_str

RULE = Rule("EKS519", "karpenter-role-name-prefix", Severity.ERROR, tags=("karpenter", "iam", "terraform"),
            precision="high")

MODULE_SOURCE = "tf-module-karpenter"


def check(ctx: Context) -> Iterator[Finding | None]:
    prefixed: dict[str, tuple[str, IamRole]] = {}
    for role in ctx.model.iam_roles:
        if role.source != MODULE_SOURCE or role.purpose != "node" or known_str(role.name):
            continue
        prefix = known_str(role.name_prefix)
        if prefix and prefix.endswith("-") and not is_placeholder(prefix):
            prefixed.setdefault(prefix[:-1].lower(), (prefix, role))
    if not prefixed:
        return
    for nc in ctx.model.node_classes:
        name = concrete(nc.role)
        if not name or name.lower() not in prefixed:
            continue
        prefix, role = prefixed[name.lower()]
        module = role.address.split(".aws_iam_role", 1)[0]
        yield RULE.finding(
            nc.role,
            f"{label(nc)} spec.role is {name!r}, but {module} creates that role with a name prefix, so its real name is "
            f"{prefix}<suffix> and no role is called {name!r}: Karpenter cannot build the instance profile and launches "
            f"no nodes; set node_iam_role_use_name_prefix = false in {module}, or pass {module}.node_iam_role_name "
            "into the manifest",
            related=[role.span],
        )
