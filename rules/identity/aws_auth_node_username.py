"""aws-auth mapping in `system:nodes` without the node username.

## What it does
Reports aws-auth role mappings that put the role into `system:nodes` while the username is not
`system:node:{{EC2PrivateDNSName}}` (EC2 nodes) or `system:node:{{SessionName}}` (Fargate and
hybrid nodes): another name, no username at all, or a misspelled template such as
`{{EC2PrivateDnsName}}` or `{{ EC2PrivateDNSName }}`. A role that also has an access entry of a
node type is skipped (the entry takes precedence), and so is a mapping that a later one with the
same `rolearn` replaces.

## Why is this bad
The authenticator substitutes only the exact, case-sensitive template names; anything else stays
literal text. The Node authorizer lets a kubelet act only on the Node whose name follows
`system:node:` in its username, and RBAC grants `system:nodes` nothing else, so with any other
username the node is `Forbidden` to register and stays out of the cluster.

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDnsName}}
    groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```

## References
- https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html (node username `system:node:{{EC2PrivateDNSName}}`)
- https://docs.aws.amazon.com/eks/latest/userguide/creating-access-entries.html (usernames EKS uses for node types)
- kubernetes-sigs/aws-iam-authenticator `pkg/server/server.go` (template substitution)
- https://kubernetes.io/docs/reference/access-authn-authz/node/
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import (
    NODE_USERNAME_EC2,
    NODE_USERNAMES,
    configmap_ignored,
    group_texts,
    mapping_label,
    mappings_without_node_entry,
    misspelled_templates,
    username_text,
)
from ekslint.values import known_str

RULE = Rule("EKS407", "aws-auth-node-username", Severity.ERROR, tags=("identity", "aws-auth"))


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    if configmap_ignored(model):
        return
    for mp in mappings_without_node_entry(model):
        groups = group_texts(mp.groups)
        if not groups or "system:nodes" not in groups:
            continue
        label = mapping_label(mp)
        if mp.username is None:
            yield RULE.finding(
                mp.groups_value or mp.arn or mp.span,
                f"{label} puts the role in system:nodes but sets no username, so the node is not "
                f"system:node:<name> and is Forbidden to register. Add `username: {NODE_USERNAME_EC2}`",
            )
            continue
        user = username_text(mp.username)
        if user is None:
            continue  # unknown or a placeholder
        if user in NODE_USERNAMES:
            continue
        wrong = misspelled_templates(user)
        if wrong:
            reason = (f"the template {wrong[0]} is not one the authenticator knows (names are case-sensitive, "
                      "without spaces), so it stays literal text")
        elif user.startswith("system:node:") and "{{" not in user:
            reason = "a fixed name matches no real node name"
        else:
            reason = "the Node authorizer only lets system:node:<node name> register its Node"
        fix = NODE_USERNAME_EC2
        if "{{SessionName}}" in user or "{{SessionNameRaw}}" in user:
            fix = f"{NODE_USERNAME_EC2} (EC2) or system:node:{{{{SessionName}}}} (Fargate, hybrid nodes)"
        yield RULE.finding(
            mp.username,
            f"{label} puts the role in system:nodes with username {known_str(mp.username)!r}: {reason}. "
            f"Use username {fix}",
        )
