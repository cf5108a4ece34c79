"""Invalid public-access CIDR, or a restricted public endpoint that nodes may not reach.

## What it does
Checks the CIDR blocks allowed to reach the public API endpoint (eksctl `vpc.publicAccessCIDRs`,
Terraform `vpc_config.public_access_cidrs`, terraform-aws-eks
`endpoint_public_access_cidrs` / `cluster_endpoint_public_access_cidrs`):

* an entry that is not a CIDR (`10.0.0.0`, `10.0.0.0/33`, `office`) is an error;
* a list that does not include `0.0.0.0/0` while the private endpoint is off is a warning: nodes
  then reach the API server through the public endpoint, from their NAT gateway or public IPs,
  and those addresses must be in the list.

## Why is this bad
eksctl stops on the first entry `net.ParseCIDR` cannot read (`invalid CIDR address: ...`), and the
EKS API rejects invalid CIDR blocks. When the list leaves out the nodes' egress addresses and the
private endpoint is disabled, kubelet cannot reach the API server: nodes never register and stay
out of the cluster. The EKS User Guide recommends enabling private access whenever public access
is limited to CIDR blocks.

## Example
```yaml
vpc:
  publicAccessCIDRs: ["203.0.113.0/24"]
  clusterEndpoints:
    publicAccess: true
```

## Use instead
```yaml
vpc:
  publicAccessCIDRs: ["203.0.113.0/24"]
  clusterEndpoints:
    publicAccess: true
    privateAccess: true
```

## References
- research `domain-eksctl-nodeadm.md` §1C V03, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go`
  (`ValidateVPCConfig`, `validateCIDRs`) and the EKS cluster-endpoint page
  (https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html); the lock-out is
  inferred from that page, hence a warning
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import endpoint_access, literal_text, parse_cidr

RULE = Rule("EKS117", "endpoint-public-access-cidrs", Severity.ERROR, tags=("cluster", "network", "endpoint"))


def check(ctx: Context) -> Iterator[Finding | None]:
    for cluster in ctx.model.clusters:
        cidrs = cluster.public_access_cidrs
        if cidrs is None or not cidrs.is_list:
            continue
        complete = True
        opens_all = False
        for item in cidrs.list():
            text = literal_text(item)
            if text is None:
                complete = False
                continue
            net = parse_cidr(text)
            if net is None:
                addr = text.strip().split("/")[0]
                hint = f", e.g. `{addr}/32`" if parse_cidr(f"{addr}/32") else ""
                yield RULE.finding(item, f"`{text}` is not a CIDR block; write it as address/prefix{hint}")
                complete = False
            elif net.prefixlen == 0:
                opens_all = True
        if not complete or opens_all or not cidrs.value:
            continue
        access = endpoint_access(cluster)
        if access is None or access != (True, False):
            continue
        yield RULE.finding(
            cidrs, "public API access is limited to these CIDR blocks and private endpoint access is off, so nodes "
            "must reach the API server from an address in this list (their NAT gateway or public IPs) or they never "
            "register; enable private endpoint access, or add the nodes' egress addresses", severity=Severity.WARNING)
