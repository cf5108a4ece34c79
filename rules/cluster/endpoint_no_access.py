"""Cluster API endpoint with both public and private access disabled.

## What it does
Reports a cluster whose API server endpoint would be reachable neither publicly nor from the
VPC: eksctl `vpc.clusterEndpoints` with `publicAccess: false` and `privateAccess` false or unset,
Terraform `aws_eks_cluster` `vpc_config` with `endpoint_public_access = false` and
`endpoint_private_access` false or unset, the same through terraform-aws-eks inputs, and
CloudFormation `AWS::EKS::Cluster` `ResourcesVpcConfig` `EndpointPublicAccess` / `EndpointPrivateAccess`.
Defaults are applied as each tool applies them (eksctl, `aws_eks_cluster` and CloudFormation: public
on, private off).

## Why is this bad
Nothing could reach the API server, nodes included. eksctl refuses the file
(`Kubernetes API access must have one of public or private clusterEndpoints enabled`) and the EKS
API rejects the request: `InvalidParameterException: Both private and public endpoint access cannot be false`.

## Example
```yaml
vpc:
  clusterEndpoints:
    publicAccess: false
```

## Use instead
```yaml
vpc:
  clusterEndpoints:
    publicAccess: false
    privateAccess: true
```

## References
- research `domain-eksctl-nodeadm.md` §1C V01, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go`
  (`ErrClusterEndpointNoAccess`, `ValidateClusterEndpointConfig`, `noAccess`) and
  `pkg/apis/eksctl.io/v1alpha5/defaults.go` `SetClusterEndpointAccessDefaults`
- EKS API error text as reported in rancher/rancher issue #28158
- https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html
- https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-eks-cluster-resourcesvpcconfig.html
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import endpoint_access

RULE = Rule("EKS116", "endpoint-no-access", Severity.ERROR, tags=("cluster", "network", "endpoint"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for cluster in ctx.model.clusters:
        access = endpoint_access(cluster)
        if access is None or any(access):
            continue
        where = cluster.endpoint_public_access or cluster.endpoint_private_access
        if cluster.source == "eksctl":
            fix = "set vpc.clusterEndpoints.privateAccess: true (or publicAccess: true)"
        elif cluster.source == "terraform":
            fix = "set endpoint_private_access = true (or endpoint_public_access = true) in vpc_config"
        elif cluster.source == "cloudformation":
            fix = "set EndpointPrivateAccess: true (or EndpointPublicAccess: true) in ResourcesVpcConfig"
        else:
            fix = "set the module's endpoint private access input to true (or enable public access)"
        yield RULE.finding(where or cluster.span,
                           f"both public and private API endpoint access are disabled, so nothing can reach the API "
                           f"server; {fix}")
