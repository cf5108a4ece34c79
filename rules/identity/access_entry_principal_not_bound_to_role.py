"""Access entry for a Terraform-managed role that a role re-creation would silently break.

## What it does
Reports Terraform access entries (`aws_eks_access_entry`, and the `access_entries` input of the
terraform-aws-modules/eks module) whose principal is an IAM role managed in the same Terraform
configuration, but whose `principal_arn` is a literal or rebuilt ARN string
(`"arn:aws:iam::111122223333:role/eks-nodes"`, `"arn:aws:iam::${local.account}:role/${local.name}"`,
`data.aws_iam_role.nodes.arn`) rather than a reference to the role (`aws_iam_role.nodes.arn`), and
that has no `lifecycle { replace_triggered_by }` naming the role.

## Why is this bad
EKS binds an access entry to the role's unique id, not its ARN: "If you don't delete the access
entry and ever recreate the IAM principal, even if it has the same ARN, the access entry won't
work". When Terraform replaces the role (a renamed policy document, a changed path, a new
`name_prefix`), the literal ARN does not change, so Terraform sees nothing to do for the entry.
Nodes then stop joining with `Unauthorized`, while the console still shows the entry with the
right ARN. With a reference, the ARN becomes "known after apply" when the role is replaced, and
`principal_arn` forces a new entry; `replace_triggered_by` also covers a replacement that keeps
the ARN known.

## Example
```hcl
resource "aws_iam_role" "nodes" {
  name               = "eks-nodes"
  assume_role_policy = data.aws_iam_policy_document.ec2_assume.json
}

resource "aws_eks_access_entry" "nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = "arn:aws:iam::111122223333:role/eks-nodes"
  type          = "EC2_LINUX"
}
```

## Use instead
```hcl
resource "aws_eks_access_entry" "nodes" {
  cluster_name  = aws_eks_cluster.main.name
  principal_arn = aws_iam_role.nodes.arn
  type          = "EC2_LINUX"

  lifecycle {
    replace_triggered_by = [aws_iam_role.nodes.unique_id]
  }
}
```

## References
- https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessEntry.html (`principalArn`: a recreated principal
  with the same ARN "won't work")
- https://github.com/terraform-aws-modules/terraform-aws-eks/issues/3329 (nodes stop joining after the role is recreated)
- https://developer.hashicorp.com/terraform/language/meta-arguments/lifecycle#replace_triggered_by
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AccessEntry, IamRole, Model
from ekslint.rule import Rule
from ekslint.rules.identity._common import entry_label, ref_name
from ekslint.values import plain_ref

RULE = Rule("EKS409", "access-entry-principal-not-bound-to-role", Severity.WARNING,
            tags=("identity", "access-entry", "terraform"))

SOURCES = ("terraform", "tf-module-eks")


def _base(address: str) -> str:
    """`aws_iam_role.nodes[0]` → `aws_iam_role.nodes`."""
    return address.split("[", 1)[0]


def _managed_role(model: Model, entry: AccessEntry, name: str) -> IamRole | None:
    ref = entry.principal
    if ref is not None and ref.role is not None and ref.role.source == "terraform":
        return ref.role
    found = [r for r in model.iam_roles if r.source == "terraform" and (r.role_name or "").lower() == name]
    same_dir = [r for r in found if r.module_dir == entry.module_dir]
    pick = same_dir or found
    return pick[0] if len(pick) == 1 else None


def _names_role(addr: str, role: IamRole) -> bool:
    base = _base(role.address)
    a = addr.strip()
    return a == base or a.startswith(base + ".") or a.startswith(base + "[")


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    for entry in model.access_entries:
        if entry.source not in SOURCES or entry.implicit or entry.principal is None:
            continue
        value = entry.principal.value
        ref = plain_ref(value.ref) or ""
        if ref.startswith(("aws_iam_role.", "module.")):
            continue  # a reference: replacing the role makes the ARN unknown and replaces the entry
        name = ref_name(entry.principal)
        if name is None:
            continue
        role = _managed_role(model, entry, name)
        if role is None:
            continue
        triggers = entry.replace_triggered_by
        if any(_names_role(t, role) for t in triggers):
            continue
        if any(not t.strip().startswith("aws_iam_role.") for t in triggers):
            continue  # e.g. terraform_data fed with the role's unique_id: cannot tell, stay silent
        base = role.address
        if entry.source == "terraform" and role.module_dir == entry.module_dir:
            fix = (f"Set principal_arn = {base}.arn and add lifecycle {{ replace_triggered_by = "
                   f"[{base}.unique_id] }}")
        elif entry.source == "terraform":
            fix = ("The role is declared in another module or configuration: feed its unique_id (a module output, "
                   "remote state or data.aws_iam_role.<name>.unique_id) into a terraform_data resource and add "
                   "lifecycle { replace_triggered_by = [terraform_data.<name>] } to the entry")
        elif role.module_dir == entry.module_dir:
            fix = f"Pass principal_arn = {base}.arn so that a new role replaces the entry"
        else:
            fix = "Pass the role's ARN as an output of the module that creates it, so that a new role replaces the entry"
        yield RULE.finding(
            value,
            f"{entry_label(entry)}: the role is managed here ({role.address}) but principal_arn is a fixed string; "
            "if Terraform recreates the role, the entry keeps the old role's unique id and nodes or users get "
            f"Unauthorized. {fix}",
            related=[role.span],
        )
