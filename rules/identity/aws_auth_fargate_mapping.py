"""aws-auth mapping of a Fargate pod execution role that does not fit Fargate.

## What it does
Finds the pod execution roles of the Fargate profiles in the scanned configuration (eksctl
`fargateProfiles`, `aws_eks_fargate_profile`, terraform-aws-eks `fargate_profiles` with an
existing role) and checks the aws-auth mapping of such a role:
- a username built on `{{EC2PrivateDNSName}}` is an error: Fargate pods need
  `system:node:{{SessionName}}`;
- groups with `system:nodes` but without `system:node-proxier` are a warning.
Roles that also have an access entry of a node type are skipped, as is a mapping a later one with
the same ARN replaces.

## Why is this bad
A Fargate pod's session name is not an EC2 instance id, so the authenticator cannot resolve
`{{EC2PrivateDNSName}}` ("SessionName did not contain an instance id") and the Fargate node never
authenticates: pods stay `Pending`. The mapping EKS writes for Fargate profiles uses
`system:node:{{SessionName}}` and adds `system:node-proxier`, the group kube-proxy on the Fargate
node needs; without it Services do not work from those pods. A hand-written or Terraform-managed
mapping of the same role replaces the one EKS wrote.

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/fargate-pods
    username: system:node:{{EC2PrivateDNSName}}
    groups: [system:bootstrappers, system:nodes]
```

## Use instead
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/fargate-pods
    username: system:node:{{SessionName}}
    groups: [system:bootstrappers, system:nodes, system:node-proxier]
```

## References
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A11 (Fargate without `system:node-proxier`) and §1
  (`{{EC2PrivateDNSName}}` needs an instance id session, "SessionName did not contain an instance id"), citing the EKS
  user guide `grant-k8s-access.adoc` (Fargate username and groups) and kubernetes-sigs/aws-iam-authenticator
  `pkg/server/server.go`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import (
    NODE_USERNAME_SESSION,
    mapped_owners,
    mapping_groups_text,
    mapping_label,
    username_text,
)
from ekslint.values import known_str

RULE = Rule("EKS423", "aws-auth-fargate-mapping", Severity.ERROR, tags=("identity", "aws-auth", "fargate"))

PROXIER = "system:node-proxier"


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    for mp, profile in mapped_owners(model, model.fargate_profiles):
        name = known_str(profile.name)
        label = f"Fargate profile {name!r}" if name else "a Fargate profile"
        user = username_text(mp.username)
        if user is not None and "{{EC2PrivateDNSName}}" in user:
            yield RULE.finding(mp.username, f"{mapping_label(mp)} maps the pod execution role of {label} with username "
                               f"{user!r}: a Fargate session carries no instance id, so the authenticator cannot fill "
                               f"{{{{EC2PrivateDNSName}}}} and the Fargate node never authenticates. Use username "
                               f"{NODE_USERNAME_SESSION}", related=[profile.role.value])
            continue
        groups = mapping_groups_text(mp)
        if groups and "system:nodes" in groups and PROXIER not in groups:
            yield RULE.finding(mp.groups_value or mp.arn or mp.span,
                               f"{mapping_label(mp)} maps the pod execution role of {label} without {PROXIER}: "
                               "kube-proxy on the Fargate node lacks its permissions and Services fail from those "
                               f"pods. Add {PROXIER} to the groups", severity=Severity.WARNING,
                               related=[profile.role.value])
