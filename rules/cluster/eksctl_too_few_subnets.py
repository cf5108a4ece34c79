"""eksctl VPC with a single public or private subnet.

## What it does
Reports an eksctl ClusterConfig whose `vpc.subnets.public` or `vpc.subnets.private` lists
exactly one subnet (a control plane on Outposts needs only one), and, when subnets are given, a
self-managed node group with `privateNetworking: true` while fewer than two private subnets are
listed.

## Why is this bad
eksctl refuses to build the cluster:
`insufficient number of subnets, at least 2x public and/or 2x private subnets are required`, or
`none or too few private subnets to use with --node-private-networking`. EKS places the control
plane's network interfaces in subnets of at least two availability zones.

## Example
```yaml
vpc:
  id: vpc-0a1b2c3d4e5f60718
  subnets:
    private:
      eu-west-1a: { id: subnet-0aa11bb22cc33dd44 }
```

## Use instead
```yaml
vpc:
  id: vpc-0a1b2c3d4e5f60718
  subnets:
    private:
      eu-west-1a: { id: subnet-0aa11bb22cc33dd44 }
      eu-west-1b: { id: subnet-0ee55ff66aa77bb88 }
```

## References
- research `domain-eksctl-nodeadm.md` §1C V05, citing eksctl `pkg/apis/eksctl.io/v1alpha5/vpc.go`
  (`HasSufficientSubnets`, `CanUseForPrivateNodeGroups`, `MinRequiredSubnets = 2`,
  `OutpostsMinRequiredSubnets = 1`) and `pkg/ctl/create/cluster.go`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.cluster._common import eksctl_docs, node_group_entries, non_empty, on_outposts, written_bool

RULE = Rule("EKS121", "eksctl-too-few-subnets", Severity.ERROR, tags=("cluster", "network", "eksctl"),
            precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for doc in eksctl_docs(ctx):
        root = doc.root
        subnets = root.get("vpc", "subnets")
        if subnets is None or not subnets.is_map:
            continue
        private = subnets.get("private")
        public = subnets.get("public")
        if not non_empty(private) and not non_empty(public):
            continue
        outposts = on_outposts(doc)
        if not outposts:
            for name, v in (("public", public), ("private", private)):
                if v is not None and v.is_map and len(v.value) == 1:
                    yield RULE.finding(v.key_span or v, f"vpc.subnets.{name} lists one subnet; eksctl requires at least "
                                       f"2 {name} subnets (in different availability zones): add another")
        n_private = len(private.value) if private is not None and private.is_map else 0
        if private is not None and not private.known:
            continue
        if n_private >= (1 if outposts else 2):
            continue
        for path, ng in node_group_entries(root):
            pn = ng.get("privateNetworking")
            if path.startswith("nodeGroups") and written_bool(pn) is True and pn is not None:
                yield RULE.finding(pn, f"{path}.privateNetworking needs at least 2 private subnets under "
                                   "vpc.subnets.private; list them, or turn privateNetworking off")
