"""aws-auth `rolearn` with an IAM path.

## What it does
Reports aws-auth `mapRoles` entries (ConfigMap YAML, eksctl `iamIdentityMappings`, Terraform
`kubernetes_config_map` / module `aws_auth_roles`) whose `rolearn` contains an IAM path, such as
`arn:aws:iam::111122223333:role/team/eks-nodes` or an IAM Identity Center role
`role/aws-reserved/sso.amazonaws.com/eu-west-1/AWSReservedSSO_Admin_0123`. In Terraform it also
reports a mapping that references an `aws_iam_role` whose `path` is known and not `/`.

## Why is this bad
The authenticator matches the caller's ARN, which it derives from the STS assumed-role ARN, with
`rolearn`, comparing the whole string. STS ARNs carry no IAM path, so a `rolearn` with a path
never matches: nodes get `Unauthorized` and users are refused. The EKS documentation: "The role
ARN can't include a path such as role/my-team/developers/my-role. The format of the ARN must be
arn:aws:iam::111122223333:role/my-role".

## Example
```yaml
mapRoles: |
  - rolearn: arn:aws:iam::111122223333:role/platform/eks-nodes
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
In Terraform: `rolearn = provider::aws::trim_iam_role_path(aws_iam_role.nodes.arn)`.

## References
- https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html ("The role ARN can't include a path")
- kubernetes-sigs/aws-iam-authenticator `pkg/arn/arn.go` (`Canonicalize`; path stripping not applied)
- eksctl `pkg/cfn/builder/iam_helper.go` `NormalizeARN` ("nodes may fail to join the cluster as the AWS IAM
  Authenticator does not recognize such ARNs")
- https://github.com/hashicorp/terraform-provider-aws/pull/36723 (`provider::aws::trim_iam_role_path`)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.identity._common import configmap_ignored, is_bare_reference, role_arn_mappings, role_path_segments
from ekslint.values import is_placeholder, known_str, plain_ref

RULE = Rule("EKS404", "aws-auth-role-arn-with-path", Severity.ERROR, tags=("identity", "aws-auth"),
            precision="very-high")


def _stripped(text: str, path: list[str]) -> str:
    head, rest = text.split(":role/", 1)
    return f"{head}:role/{rest.split('/')[-1]}" if path else text


def check(ctx: Context) -> Iterator[Finding | None]:
    if configmap_ignored(ctx.model):
        return
    for mp, text in role_arn_mappings(ctx.model):
        path = role_path_segments(text)
        if path is not None:
            if not path or text is None:
                continue
            suggestion = _stripped(text, path)
            shown = f"rolearn {text}" if not is_placeholder(text) else "this rolearn"
            sso = " (IAM Identity Center roles live under aws-reserved/sso.amazonaws.com/)" if path[0] == "aws-reserved" else ""
            yield RULE.finding(
                mp.arn,
                f"{shown} contains the IAM path /{'/'.join(path)}/{sso}; the authenticator compares "
                "the caller's ARN without a path, so this mapping never matches. Drop the path"
                + (f": {suggestion}" if not is_placeholder(suggestion) else " (arn:aws:iam::ACCOUNT:role/NAME)")
                + ("; in Terraform use provider::aws::trim_iam_role_path()" if mp.source not in ("aws-auth", "eksctl") else ""),
            )
            continue
        # Terraform: a reference to a role of the configuration whose path is known
        role = mp.role.role if mp.role is not None else None
        ref = plain_ref(mp.arn.ref) or ""
        if role is None or not ref.endswith(".arn") or not is_bare_reference(mp.arn, "aws_iam_role."):
            continue  # e.g. wrapped in provider::aws::trim_iam_role_path()
        role_path = known_str(role.path)
        if not role_path or role_path.strip("/") == "" or is_placeholder(role_path):
            continue
        yield RULE.finding(
            mp.arn,
            f"rolearn refers to {role.address}, whose ARN includes the IAM path {role_path}; the authenticator "
            "compares the caller's ARN without a path, so this mapping never matches. Use "
            f"provider::aws::trim_iam_role_path({ref}) or build arn:aws:iam::ACCOUNT:role/NAME without the path",
            related=[role.path],
        )
