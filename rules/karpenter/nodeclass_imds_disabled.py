"""EC2NodeClass that turns off the instance metadata service.

## What it does
Reports `spec.metadataOptions.httpEndpoint: disabled` in an EC2NodeClass (v1 and v1beta1). It is
an error for the EKS-optimized families (AL2, AL2023, Bottlerocket, set by `amiFamily` or an
alias) and a warning otherwise (a Custom or Windows image may have its own way to join).

## Why is this bad
"If you specify a value of "disabled", instance metadata will not be accessible on the node."
nodeadm (AL2023) starts by reading the instance identity document and MAC address from IMDS and
stops with an error when it cannot; AL2's bootstrap.sh reads the region and instance type from
IMDS as well, and the instance profile's credentials, which kubelet authenticates with, come from
IMDS too. The instance boots but never registers as a node.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: default
spec:
  amiSelectorTerms:
    - alias: al2023@latest
  metadataOptions:
    httpEndpoint: disabled
```

## Use instead
```yaml
  metadataOptions:
    httpEndpoint: enabled
    httpTokens: required            # IMDSv2 only
    httpPutResponseHopLimit: 1      # keeps pods away from the node's credentials
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K09
- aws/karpenter-provider-aws `pkg/apis/v1/ec2nodeclass.go` (`MetadataOptions.HTTPEndpoint`: "instance metadata will not be accessible on the node")
- awslabs/amazon-eks-ami `nodeadm/internal/api/status.go` (`GetInstanceDetails` reads the identity document and MAC from IMDS), `nodeadm/cmd/nodeadm/init/init.go`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AL2, AL2023, BOTTLEROCKET
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import concrete, label

RULE = Rule("EKS510", "nodeclass-imds-disabled", Severity.ERROR, tags=("karpenter", "bootstrap"), precision="high")

EKS_FAMILIES = (AL2, AL2023, BOTTLEROCKET)


def check(ctx: Context) -> Iterator[Finding | None]:
    families = {id(ng.value): ng.ami_family for ng in ctx.model.node_groups if ng.kind == "karpenter" and ng.value is not None}
    for nc in ctx.model.node_classes:
        endpoint = nc.doc.get("spec", "metadataOptions", "httpEndpoint")
        if concrete(endpoint) != "disabled":
            continue
        family = families.get(id(nc.doc))
        severity = Severity.ERROR if family in EKS_FAMILIES else Severity.WARNING
        yield RULE.finding(
            endpoint,
            f"{label(nc)} disables the instance metadata service: nodeadm / bootstrap.sh read the instance's identity "
            "from IMDS and kubelet gets the node role's credentials from it, so the nodes never register; set "
            "metadataOptions.httpEndpoint: enabled (keep httpTokens: required and httpPutResponseHopLimit: 1 to "
            "shield it from pods)",
            severity=severity,
        )
