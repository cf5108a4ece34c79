"""Access scope with a wrong type or namespaces that do not fit the type.

## What it does
Checks the access scope of each access policy association: the type must be `cluster` or
`namespace` (lower case); a `namespace` scope needs at least one namespace; a `cluster` scope
takes none. eksctl policies without an access scope type are reported too. Sources: eksctl
`accessPolicies[].accessScope`, Terraform `aws_eks_access_policy_association.access_scope`,
module `policy_associations[*].access_scope`.

## Why is this bad
eksctl stops with `invalid access scope type "Cluster" for accessEntries[0]`, "at least one
namespace must be specified when accessScope is set to namespace", "cannot specify
accessEntries[0].accessScope.namespaces when accessScope is set to cluster" or
"accessEntries[0].accessScope.type must be set to either "namespace" or "cluster"". The EKS API
accepts only `cluster | namespace` and requires namespaces for `namespace`, so
AssociateAccessPolicy fails in Terraform too. Namespaces on a `cluster` scope are a warning
outside eksctl: they suggest the user meant a namespaced grant, which the cluster scope does not
give.

## Example
```yaml
accessPolicies:
  - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy
    accessScope:
      type: namespace
```

## Use instead
```yaml
accessPolicies:
  - policyARN: arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy
    accessScope:
      type: namespace
      namespaces: [payments]
```

## References
- ../shared/research/domain-karpenter-auth-terraform.md §2.3 E10, citing eksctl
  `pkg/apis/eksctl.io/v1alpha5/access_entry.go`
- https://docs.aws.amazon.com/eks/latest/APIReference/API_AccessScope.html ("A value is required if you specified
  namespace for Type"; valid values cluster | namespace)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._access import all_policies, literal, policy_label
from ekslint.values import V

RULE = Rule("EKS457", "access-scope-shape", Severity.ERROR, tags=("identity", "access-entry"))

SCOPES = ("cluster", "namespace")


def _namespace_count(v: V | None) -> int | None:
    """How many namespaces are written; None when unknown."""
    if v is None:
        return 0
    if not v.known:
        return None
    if v.value is None:
        return 0
    if not v.is_list:
        return None
    return len(v.list())


def check(ctx: Context) -> Iterator[Finding | None]:
    for policy, entry in all_policies(ctx.model):
        label = policy_label(entry)
        source = entry.source if entry is not None else "terraform"
        t = policy.scope_type
        if t is None:
            if source == "eksctl":
                yield RULE.finding(policy.span, f"{label} has no accessScope.type; eksctl requires one. Add "
                                                "accessScope: {type: cluster} or {type: namespace, namespaces: [...]}")
            continue
        kind = literal(t)
        if kind is None:
            continue
        if kind not in SCOPES:
            hint = kind.strip().lower()
            fix = f"write {hint!r} (lower case)" if hint in SCOPES else "use 'cluster' or 'namespace'"
            yield RULE.finding(t, f"{label} has access scope type {kind!r}, which eksctl and the EKS API refuse; {fix}")
            continue
        count = _namespace_count(policy.namespaces)
        if count is None:
            continue
        if kind == "namespace" and count == 0:
            yield RULE.finding(policy.namespaces if policy.namespaces is not None and policy.namespaces.where() else t,
                               f"{label} has a namespace scope without namespaces; eksctl and the EKS API require at "
                               "least one. List the namespaces, or use type cluster for a cluster-wide grant")
        elif kind == "cluster" and count > 0:
            sev = Severity.ERROR if source == "eksctl" else Severity.WARNING
            yield RULE.finding(policy.namespaces, f"{label} has a cluster scope with namespaces; eksctl refuses this, "
                               "and a cluster scope grants every namespace anyway. Use type namespace to limit the "
                               "grant to these namespaces, or remove the namespaces", severity=sev)
