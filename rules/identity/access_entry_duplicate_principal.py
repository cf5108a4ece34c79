"""Two access entries for one principal on the same cluster.

## What it does
Reports a principal that has more than one access entry on the same cluster, counting every
source: eksctl `accessEntries`, `aws_eks_access_entry`, the terraform-aws-modules/eks
`access_entries` input, and the entries those modules create themselves (self-managed node groups
and the Karpenter submodule, which create one by default). As a warning, it also reports a
Terraform entry for the role of a managed node group or Fargate profile of the same cluster when
the cluster uses access entries: EKS creates that entry itself when the node group or profile is
created.

## Why is this bad
"An IAM principal can't be included in more than one access entry." The second CreateAccessEntry
fails with `ResourceInUseException: The specified access entry resource is already in use on
this cluster.` (terraform-aws-eks #3293, #2968); eksctl stops with "duplicate access entry". For
managed node group roles the outcome depends on what is created first, so apply fails on some
runs and not on others, and destroying the Terraform entry removes the one the nodes need.

## Example
```hcl
module "karpenter" {
  source             = "terraform-aws-modules/eks/aws//modules/karpenter"
  cluster_name       = module.eks.cluster_name
  node_iam_role_arn  = aws_iam_role.nodes.arn
  create_node_iam_role = false
}

resource "aws_eks_access_entry" "karpenter_nodes" {
  cluster_name  = module.eks.cluster_name
  principal_arn = aws_iam_role.nodes.arn
  type          = "EC2_LINUX"
}
```

## Use instead
```hcl
module "karpenter" {
  source               = "terraform-aws-modules/eks/aws//modules/karpenter"
  cluster_name         = module.eks.cluster_name
  node_iam_role_arn    = aws_iam_role.nodes.arn
  create_node_iam_role = false
  create_access_entry  = false   # the entry below is the only one
}

resource "aws_eks_access_entry" "karpenter_nodes" {
  cluster_name  = module.eks.cluster_name
  principal_arn = aws_iam_role.nodes.arn
  type          = "EC2_LINUX"
}
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E12, citing terraform-aws-eks #3293, #2968, #2969,
  the EKS user guide `grant-k8s-access.adoc` and terraform-aws-eks `docs/UPGRADE-20.0.md` (EKS creates entries
  for managed node group roles)
- eksctl `pkg/apis/eksctl.io/v1alpha5/access_entry.go` ("duplicate access entry %s with principal ARN %q")
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AccessEntry, Model, may_coexist
from ekslint.rule import Rule
from ekslint.rules.identity._access import entry_cluster, principal_identity, principal_shown, ref_identity, same_cluster
from ekslint.rules.identity._common import entry_label
from ekslint.values import Span, V, known_str

RULE = Rule("EKS459", "access-entry-duplicate-principal", Severity.ERROR, tags=("identity", "access-entry"))

TERRAFORM = ("terraform", "tf-module-eks", "tf-module-karpenter")


def _where(entry: AccessEntry) -> V | Span:
    return entry.principal.value if entry.principal is not None and entry.principal.value.where() else entry.span


def _how(entry: AccessEntry) -> str:
    if entry.implicit:
        return f"{entry.address} (created by the module)" if entry.address else "an entry the module creates"
    return entry.address or "another entry"


def _fix(entry: AccessEntry, first: AccessEntry) -> str:
    if entry.implicit or first.implicit:
        mod = (entry if entry.implicit else first).address.split(".aws_eks_access_entry", 1)[0]
        return f"Keep one: set create_access_entry = false on {mod}, or remove the other entry"
    return "Keep one entry per principal (merge the groups and policies into it)"


def _auto_entry_owners(model: Model, entry: AccessEntry) -> list[tuple[str, str, Span]]:
    """Managed node groups and Fargate profiles of the entry's cluster whose role is the entry's principal."""
    cluster = entry_cluster(entry, model)
    if cluster is None or cluster.auth_mode not in ("API", "API_AND_CONFIG_MAP"):
        return []
    want = principal_identity(entry)
    out: list[tuple[str, str, Span]] = []
    for ng in model.node_groups:
        if ng.kind != "managed" or ng.role is None or ng.cluster is not cluster:
            continue
        if want is not None and ref_identity(ng.role) == want:
            out.append(("managed node group", ng.address or known_str(ng.name) or "", ng.span))
    for fp in model.fargate_profiles:
        if fp.role is None or fp.cluster is not cluster:
            continue
        if want is not None and ref_identity(fp.role) == want:
            out.append(("Fargate profile", fp.address or known_str(fp.name) or "", fp.span))
    return out


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    kept: list[tuple[tuple[str, str], AccessEntry]] = []
    for entry in model.access_entries:
        key = principal_identity(entry)
        if key is None:
            continue
        first = next((e for k, e in kept if k == key and same_cluster(e, entry) and may_coexist(e, entry)), None)
        if first is None:
            kept.append((key, entry))
            continue
        yield RULE.finding(
            _where(entry),
            f"{entry_label(entry)} duplicates {_how(first)} for {principal_shown(entry)} on the same cluster; EKS "
            "allows one entry per principal and the second fails with \"ResourceInUseException: The specified "
            f"access entry resource is already in use on this cluster\". {_fix(entry, first)}",
            related=[first.span],
        )
    for _key, entry in kept:
        if entry.source not in TERRAFORM or entry.implicit:
            continue
        owners = _auto_entry_owners(model, entry)
        if owners:
            what, name, span = owners[0]
            yield RULE.finding(
                _where(entry),
                f"{entry_label(entry)} is for the role of {what} {name}; EKS creates that entry itself when the {what} "
                "is created, so one of the two creations fails with ResourceInUseException depending on order. Remove "
                "this entry and let EKS manage it",
                severity=Severity.WARNING, related=[span],
            )
