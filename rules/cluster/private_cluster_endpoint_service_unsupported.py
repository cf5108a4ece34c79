"""Unsupported or duplicated entry in `privateCluster.additionalEndpointServices`.

## What it does
For an eksctl ClusterConfig with `privateCluster.enabled: true`, reports entries of
`privateCluster.additionalEndpointServices` other than `autoscaling`, `cloudformation` and
`logs` (exact, lowercase), and entries listed twice. Suggests the intended name.

## Why is this bad
eksctl refuses the file:
`invalid value in privateCluster.additionalEndpointServices: unsupported endpoint service "cloudwatch"`
or `... found duplicate endpoint service: "logs"`. The endpoints a node needs to join (`ec2`,
`ecr.api`, `ecr.dkr`, `s3`, `sts`) are always created and cannot be listed.

## Example
```yaml
privateCluster:
  enabled: true
  additionalEndpointServices:
    - cloudwatch
    - ec2
```

## Use instead
```yaml
privateCluster:
  enabled: true
  additionalEndpointServices:
    - logs
```

## References
- eksctl `pkg/apis/eksctl.io/v1alpha5/endpoint_service.go` (`EndpointServices`, `ValidateAdditionalEndpointServices`)
- eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidatePrivateCluster`
- https://eksctl.io/usage/eks-private-cluster/ ("The endpoints supported in `additionalEndpointServices` are `autoscaling`, `cloudformation` and `logs`")
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.values import is_placeholder

RULE = Rule("EKS103", "private-cluster-endpoint-service-unsupported", Severity.ERROR,
            tags=("cluster", "network", "eksctl"), precision="very-high")

SUPPORTED = ("autoscaling", "cloudformation", "logs")
# endpoints eksctl always creates for a fully-private cluster (Outposts adds the ssm family)
ALWAYS_CREATED = ("ec2", "ecr.api", "ecr.dkr", "s3", "sts", "ssm", "ssmmessages", "ec2messages", "secretsmanager")
ALIASES = {
    "cloudwatch": "logs", "cloudwatch-logs": "logs", "cloudwatchlogs": "logs", "log": "logs",
    "autoscaling-plans": "autoscaling", "application-autoscaling": "autoscaling", "asg": "autoscaling",
    "auto-scaling": "autoscaling", "cfn": "cloudformation", "cloud-formation": "cloudformation",
}


def _service_name(text: str) -> str:
    """`com.amazonaws.us-east-1.logs` or `logs.us-east-1.amazonaws.com` → `logs`."""
    low = text.strip().lower()
    if low.startswith("com.amazonaws."):
        parts = low.split(".")
        return ".".join(parts[3:]) if len(parts) > 3 else low
    if low.endswith(".amazonaws.com"):
        return low.split(".")[0]
    return low


def _suggest(text: str) -> str:
    name = _service_name(text)
    if name in SUPPORTED:
        return f"write it as `{name}`"
    if name in ALIASES:
        return f"did you mean `{ALIASES[name]}`? Replace the entry with `{ALIASES[name]}`"
    if name in ALWAYS_CREATED:
        return f"eksctl always creates the `{name}` endpoint; remove this entry"
    close = difflib.get_close_matches(name, SUPPORTED, n=1, cutoff=0.6)
    if close:
        return f"did you mean `{close[0]}`? Replace the entry with `{close[0]}`"
    return "use one of autoscaling, cloudformation, logs, or remove the entry"


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in ctx.documents_of(EKSCTL):
        pc = doc.root.get("privateCluster")
        if pc is None or not pc.is_map:
            continue
        enabled, extra = pc.get("enabled"), pc.get("additionalEndpointServices")
        if enabled is None or enabled.value is not True or extra is None or not extra.is_list:
            continue
        seen: dict[str, object] = {}
        for item in extra.list():
            if not item.is_str or is_placeholder(item.value):
                continue
            text = item.value
            if text not in SUPPORTED:
                yield RULE.finding(
                    item,
                    f"unsupported endpoint service {text!r} in privateCluster.additionalEndpointServices (eksctl rejects "
                    f"the file; only autoscaling, cloudformation and logs are accepted): {_suggest(text)}",
                )
            elif text in seen:
                yield RULE.finding(
                    item,
                    f"endpoint service {text!r} is listed twice in privateCluster.additionalEndpointServices (eksctl "
                    "rejects duplicates); remove this entry",
                    related=[seen[text]],
                )
            else:
                seen[text] = item
