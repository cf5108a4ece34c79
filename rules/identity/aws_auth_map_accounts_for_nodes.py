"""Node role covered only by aws-auth `mapAccounts`.

## What it does
Finds node roles of self-managed node groups and Karpenter EC2NodeClasses in the scanned
configuration that no `mapRoles` entry (nor access entry) maps, while the aws-auth ConfigMap lists
the role's account in `mapAccounts` (for a role known only by name, any listed account). eksctl
node groups are skipped (eksctl maps their roles itself), and so are managed node groups (EKS
does). The node group must belong to the ConfigMap's cluster or, when no cluster says so, be
written in the same directory. Nothing is reported when a mapping's ARN, a `mapRoles` list or the authentication mode
rules it out or cannot be known.

## Why is this bad
`mapAccounts` only authenticates: a principal of a listed account that no mapping names gets its
ARN as username and no groups at all. A node authenticated that way is not `system:node:<name>`
and not in `system:nodes`, so it is `Forbidden` to register and never becomes Ready, although
the role "is in aws-auth" at first sight.

## Example
```yaml
data:
  mapAccounts: |
    - "111122223333"
# EC2NodeClass spec.role: KarpenterNodeRole-shop, not in mapRoles
```

## Use instead
```yaml
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/KarpenterNodeRole-shop
      username: system:node:{{EC2PrivateDNSName}}
      groups: [system:bootstrappers, system:nodes]
  mapAccounts: |
    - "111122223333"
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A14, citing kubernetes-sigs/aws-iam-authenticator
  `pkg/server/server.go` (an unmapped principal of a listed account: username = its ARN, no groups)
- https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html (node role mapping)
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePosixPath

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AwsAuth, Model, NodeGroup, RoleMapping
from ekslint.rule import Rule
from ekslint.rules.identity._common import auth_cluster, clean, ref_name, same_role
from ekslint.values import V, known_str, text_of

RULE = Rule("EKS422", "aws-auth-map-accounts-for-nodes", Severity.WARNING, tags=("identity", "aws-auth", "cross-file"))


def _account_text(v: V | None) -> str | None:
    if v is None or not v.known or isinstance(v.value, bool):
        return None
    if isinstance(v.value, int):
        return f"{v.value:012d}"
    return clean(known_str(v))


def _all_known(auth: AwsAuth) -> bool:
    """True when every mapRoles mapping of the ConfigMap is in the model (no unknown list)."""
    if auth.data is None or not auth.data.known:
        return auth.source in ("aws-auth", "eksctl")
    val = auth.data.get("mapRoles")
    if val is None or val.known or val.partial:
        return True
    origin = getattr(val, "origin", None)
    return isinstance(origin, V) and origin.is_list


def _role_account(ng: NodeGroup) -> str | None:
    text = text_of(ng.role.value) if ng.role is not None else None
    if text and text.startswith("arn:") and text.count(":") >= 5:
        account = text.split(":")[4]
        return clean(account) if account.isdigit() else None
    return None


def _mapped(model: Model, ng: NodeGroup, roles: list[RoleMapping]) -> bool | None:
    answers = [same_role(m.role, ng.role) for m in roles]
    answers += [same_role(e.principal, ng.role) for e in model.access_entries]
    if any(a is True for a in answers):
        return True
    return None if any(a is None for a in answers) else False


def _near(model: Model, ng: NodeGroup, auth: AwsAuth) -> bool:
    """True when the node group belongs to the ConfigMap's cluster, or (no cluster to tell) when both
    are written in the same directory."""
    cluster = auth_cluster(model, auth)
    if cluster is not None and ng.cluster is not None:
        return ng.cluster is cluster
    return PurePosixPath(ng.span.file).parent == PurePosixPath(auth.span.file).parent


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    if not all(_all_known(a) for a in model.aws_auth):
        return
    roles = [m for m in model.role_mappings if m.kind == "role"]
    listed: list[tuple[dict[str, RoleMapping], AwsAuth]] = []
    for auth in model.aws_auth:
        accounts = {a: m for m in auth.mappings if m.kind == "account" and (a := _account_text(m.arn))}
        cluster = auth_cluster(model, auth)
        if accounts and (cluster is None or cluster.auth_mode != "API"):
            listed.append((accounts, auth))
    if not listed:
        return
    for ng in model.node_groups:
        if ng.kind not in ("self-managed", "karpenter") or ng.source == "eksctl" or ng.role is None:
            continue
        if ng.role.is_instance_profile or (ref_name(ng.role) is None and ng.role.role is None):
            continue
        account = _role_account(ng)
        found = next(((accs, auth) for accs, auth in listed
                      if (account is None or account in accs) and _near(model, ng, auth)), None)
        if found is None or _mapped(model, ng, roles) is not False:
            continue
        accounts = found[0]
        entry = accounts[account] if account is not None else next(iter(accounts.values()))
        name = ng.role.name or known_str(ng.role.value) or "the node role"
        shown = account or next(iter(accounts))
        yield RULE.finding(
            entry.arn or entry.span,
            f"node role {name} is in no mapRoles entry; its account {shown} is in mapAccounts, so its nodes "
            "authenticate with their ARN as username and no groups and are Forbidden to register. Add a mapRoles "
            "entry for it with username system:node:{{EC2PrivateDNSName}} and groups "
            "[system:bootstrappers, system:nodes]",
            related=[ng.role.value],
        )
