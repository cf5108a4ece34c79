"""aws-auth `rolearn` / `userarn` that is not a well-formed IAM ARN.

## What it does
Reports aws-auth mappings (ConfigMap YAML, Terraform, terraform-aws-eks inputs, eksctl
`iamIdentityMappings`) whose `rolearn` or `userarn` is a role name or an account id instead of an
ARN, has fewer than six `:`-separated fields, names another service than IAM, carries a region
(IAM ARNs have none), has an account field that is not 12 digits, or (in `mapRoles`) names an IAM
resource that is neither a role nor one of the kinds EKS405 reports (instance profile, user,
assumed-role session). Placeholders (`<ARN of instance role>`, `${ACCOUNT_ID}`) and prose with
spaces (documentation snippets that lost their angle brackets) are skipped.

## Why is this bad
The authenticator compares the caller's canonical ARN, `arn:<partition>:iam::<12-digit
account>:role/<name>` or `...:user/<name>`, with `rolearn` / `userarn` as whole strings. A bare
name, a misplaced field or a policy ARN never equals it, so the node or user gets
`Unauthorized`; eksctl refuses such an identity mapping.

## Example
```yaml
mapRoles: |
  - rolearn: eks-nodes
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
- /work/shared/research/domain-karpenter-auth-terraform.md §2.2 A09 ("or is not an ARN → never matches"), citing
  kubernetes-sigs/aws-iam-authenticator `pkg/arn/arn.go` (`Canonicalize`) and the EKS user guide
  `auth-configmap.adoc` ("The format of the ARN must be arn:aws:iam::111122223333:role/my-role")
- https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html (IAM ARNs have no region)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.values import UNKNOWN_CHAR, is_placeholder, known_str

RULE = Rule("EKS421", "aws-auth-arn-malformed", Severity.ERROR, tags=("identity", "aws-auth"), precision="very-high")

_ACCOUNT = re.compile(r"^\d{12}$")
_EKS405_KINDS = ("instance-profile/", "user/", "assumed-role/")


def _problem(text: str, kind: str) -> str | None:
    """Why `text` cannot be the ARN of a mapping of `kind` ("role" / "user"), or None when it can."""
    if not text.startswith("arn:"):
        return "is not an ARN"
    parts = text.split(":", 5)
    if len(parts) < 6:
        return "does not have the six fields of an ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)"
    _, _, service, region, account, resource = parts
    if service == "sts" and resource.startswith("assumed-role/"):
        return None  # EKS405
    if service != "iam":
        return f"is an ARN of the {service or 'empty'} service, not IAM"
    if region:
        return f"has the region {region!r} in it; IAM ARNs have an empty region field (iam::ACCOUNT)"
    if not _ACCOUNT.match(account):
        return f"has the account {account!r}, which is not a 12-digit account id"
    if kind == "role" and not resource.startswith("role/") and not resource.startswith(_EKS405_KINDS):
        return f"names {resource.split('/', 1)[0]!r}, not an IAM role"
    if kind == "user" and not resource.startswith(("user/", "role/")):
        return f"names {resource.split('/', 1)[0]!r}, not an IAM user"
    return None


def check(ctx: Context) -> Iterator[Finding | None]:
    for mp in ctx.model.role_mappings:
        if mp.kind not in ("role", "user") or mp.arn is None:
            continue
        text = known_str(mp.arn)
        if not text or UNKNOWN_CHAR in text or is_placeholder(text):
            continue
        text = text.strip()
        if any(c.isspace() for c in text):
            continue  # prose such as "ARN of instance role (not instance profile)": a docs placeholder
        why = _problem(text, mp.kind)
        if why is None:
            continue
        field = "arn" if mp.source == "eksctl" else ("rolearn" if mp.kind == "role" else "userarn")
        kind = "role" if mp.kind == "role" else "user"
        yield RULE.finding(mp.arn, f"{field} {text!r} {why}; the authenticator compares whole ARNs, so this mapping never "
                           f"matches. Write the IAM {kind} ARN: arn:aws:iam::ACCOUNT:{kind}/NAME")
