"""Instance-profile, user or assumed-role ARN where an IAM role ARN is needed.

## What it does
Reports
- aws-auth `mapRoles` entries whose `rolearn` is an instance-profile ARN
  (`arn:aws:iam::111122223333:instance-profile/eks-nodes`), a Terraform reference to an
  `aws_iam_instance_profile`, an STS assumed-role ARN (`arn:aws:sts::...:assumed-role/...`) or an
  IAM user ARN;
- access entries whose principal is an instance profile;
- node groups whose *role* field holds an instance profile (eksctl `iam.instanceRoleARN`,
  Terraform `aws_eks_node_group.node_role_arn`, an EC2NodeClass `spec.role`). eksctl's
  `iam.instanceProfileARN` is meant for profiles and is not reported.

## Why is this bad
The authenticator matches the *role* ARN that STS reports for the node
(`arn:aws:sts::A:assumed-role/NAME/i-...` canonicalised to `arn:aws:iam::A:role/NAME`). An
instance profile, an assumed-role session ARN or a user ARN in `mapRoles` never equals it, so
nodes get `Unauthorized` and never register. The EKS troubleshooting guide: "Make sure that the
node IAM role ARN (not the instance profile ARN) is specified". Access entries and node groups
likewise take a role ARN; the API refuses an instance profile there.

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:instance-profile/eks-nodes
    username: system:node:{{EC2PrivateDNSName}}
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
- https://docs.aws.amazon.com/eks/latest/userguide/troubleshooting.html#worker-node-fail
  ("node IAM role ARN (not the instance profile ARN)")
- https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html (`<ARN of instance role (not instance profile)>`)
- kubernetes-sigs/aws-iam-authenticator `pkg/arn/arn.go` (`Canonicalize`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import RoleRef
from ekslint.rule import Rule
from ekslint.rules.identity._common import configmap_ignored, principal_kind, role_arn_mappings
from ekslint.values import UNKNOWN_CHAR, V, plain_ref, text_of

RULE = Rule("EKS405", "aws-auth-instance-profile-arn", Severity.ERROR, tags=("identity", "aws-auth", "access-entry"),
            precision="very-high")

FIX = "use the node IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), not the instance profile"


def _is_profile(ref: RoleRef) -> bool:
    return ref.is_instance_profile or principal_kind(text_of(ref.value)) == "instance-profile"


def _eksctl_profile_field(ref: RoleRef, ng_value: V | None) -> bool:
    """True when the node group's reference is eksctl's own `iam.instanceProfileARN` field."""
    return ng_value is not None and ng_value.get("iam", "instanceProfileARN") is ref.value


def _shown(v: V) -> str:
    text = text_of(v)
    if text and UNKNOWN_CHAR not in text:
        return f" {text}"
    return f" ({plain_ref(v.ref)})" if v.ref else ""


def check(ctx: Context) -> Iterator[Finding | None]:
    model = ctx.model
    if not configmap_ignored(model):
        for mp, text in role_arn_mappings(model):
            kind = principal_kind(text)
            if (mp.role is not None and mp.role.is_instance_profile) or kind == "instance-profile":
                yield RULE.finding(mp.arn, f"rolearn{_shown(mp.arn)} is an instance profile; the authenticator "
                                   f"matches the role the node assumes, so this mapping never matches. Map the role: {FIX}")
            elif kind == "assumed-role" and text is not None:
                name = text.split("/")[1] if text.count("/") >= 1 else "NAME"
                yield RULE.finding(mp.arn, f"rolearn {text} is an STS assumed-role session ARN; the authenticator "
                                   "canonicalises callers to arn:aws:iam::ACCOUNT:role/NAME, so this mapping never "
                                   f"matches. Map the IAM role ARN (role/{name}) instead")
            elif kind == "user":
                yield RULE.finding(mp.arn, f"rolearn {text} is an IAM user ARN in mapRoles; users are matched "
                                   "only in mapUsers (userarn), so this mapping never matches. Move it to mapUsers, "
                                   "or map the role the user assumes")
    for entry in model.access_entries:
        ref = entry.principal
        if ref is None or entry.implicit or not _is_profile(ref):
            continue
        yield RULE.finding(ref.value, f"the access entry principal{_shown(ref.value)} is an instance profile; "
                           f"access entries take an IAM role or user ARN, so the entry is refused or never matches. {FIX[0].upper()}{FIX[1:]}")
    for ng in model.node_groups:
        ref = ng.role
        if ref is None or not _is_profile(ref) or _eksctl_profile_field(ref, ng.value):
            continue
        if ng.kind == "self-managed" and ng.source != "eksctl":
            continue  # launch templates and ASGs legitimately take an instance profile
        yield RULE.finding(ref.value, f"the node role of this {ng.kind} node group{_shown(ref.value)} is an instance "
                           f"profile, but the field takes an IAM role. {FIX[0].upper()}{FIX[1:]}")
