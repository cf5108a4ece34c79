"""Node group sizes out of order: desired size outside [min, max], or min above max.

## What it does
Compares the sizes a node group writes (eksctl `minSize` / `desiredCapacity` / `maxSize`,
Terraform `scaling_config` of `aws_eks_node_group`, `min_size` / `desired_capacity` /
`max_size` of `aws_autoscaling_group`, and `min_size` / `desired_size` / `max_size` of the
terraform-aws-eks module's node groups) and reports a desired size below the minimum or above the
maximum, and a minimum above the maximum. Only sizes that are written and known are compared;
defaults are not guessed.

## Why is this bad
The request is refused before any node starts. eksctl stops with `cannot use --nodes-min=3 and
--nodes=2 at the same time` (or `--nodes-max` / `--nodes`) for managed node groups; for
self-managed groups the Auto Scaling group fails in CloudFormation ("Desired capacity:5 must be
between the specified min size:1 and max size:3"); the EKS API and the Auto Scaling API refuse
the same request from Terraform.

## Example
```yaml
managedNodeGroups:
  - name: workers
    minSize: 3
    desiredCapacity: 2
    maxSize: 6
```

## Use instead
```yaml
managedNodeGroups:
  - name: workers
    minSize: 2
    desiredCapacity: 2
    maxSize: 6
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, G05 `mng-scaling`: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateManagedNodeGroup`
- https://docs.aws.amazon.com/eks/latest/APIReference/API_NodegroupScalingConfig.html
- https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_CreateAutoScalingGroup.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import group_label, known_int

RULE = Rule("EKS204", "node-group-scaling-bounds", Severity.ERROR, tags=("nodes", "scaling"), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for ng in ctx.model.node_groups:
        if ng.kind == "karpenter":
            continue
        lo, hi, want = known_int(ng.min_size), known_int(ng.max_size), known_int(ng.desired_size)
        label = group_label(ng)
        if lo is not None and hi is not None and lo > hi:
            yield RULE.finding(ng.min_size, f"{label}: minimum size {lo} is above maximum size {hi}; "
                               f"lower the minimum or raise the maximum to at least {lo}", related=[ng.max_size])
            continue
        if want is None:
            continue
        if lo is not None and want < lo:
            yield RULE.finding(ng.desired_size, f"{label}: desired size {want} is below minimum size {lo}; "
                               f"set the desired size to at least {lo} or lower the minimum", related=[ng.min_size])
        elif hi is not None and want > hi:
            yield RULE.finding(ng.desired_size, f"{label}: desired size {want} is above maximum size {hi}; "
                               f"raise the maximum to at least {want} or lower the desired size", related=[ng.max_size])
