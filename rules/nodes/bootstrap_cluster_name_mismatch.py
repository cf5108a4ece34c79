"""`/etc/eks/bootstrap.sh` in a node group's user data that names a different cluster.

## What it does
For node groups whose user data calls `/etc/eks/bootstrap.sh` (eksctl `overrideBootstrapCommand`
of AmazonLinux2 / Ubuntu custom AMIs, Terraform launch templates of node groups), compares the
cluster name passed to the script (its first positional argument) with the name of the cluster
the node group belongs to (eksctl `metadata.name`, Terraform `cluster_name`). Both must be known;
placeholders and variables are skipped. It is a warning: the name might be right for a cluster
this configuration does not show (copied templates are the usual cause, though).

## Why is this bad
bootstrap.sh looks the cluster up by that name (DescribeCluster) and writes it into the kubelet's
kubeconfig, which asks for tokens for that cluster. With another cluster's name the node either
fails to start (the cluster does not exist) or presents credentials for the wrong cluster and is
refused: it never becomes Ready in this one.

## Example
```yaml
metadata:
  name: checkout
nodeGroups:
  - name: custom
    amiFamily: AmazonLinux2
    ami: ami-0c2b8ca1dad447f8a
    overrideBootstrapCommand: |
      #!/bin/bash
      /etc/eks/bootstrap.sh payments
```

## Use instead
```yaml
    overrideBootstrapCommand: |
      #!/bin/bash
      /etc/eks/bootstrap.sh checkout
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B05 `al2-override-bootstrap-content` (inferred) and 1I (bootstrap.sh reads the cluster name from its first argument); eksctl `examples/` 15, 22, 31
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import calls, owner
from ekslint.rules.nodes._common import group_label
from ekslint.values import is_placeholder, known_str

RULE = Rule("EKS227", "bootstrap-cluster-name-mismatch", Severity.WARNING, tags=("nodes", "bootstrap"), precision="medium")


def check(ctx: Context) -> Iterator[Finding | None]:
    for boot, args in calls(ctx):
        ng = owner(ctx, boot)
        if ng is None or ng.cluster is None or not args.positionals:
            continue
        cluster = known_str(ng.cluster.name)
        word = args.positionals[0]
        given = known_str(word)
        if not cluster or not given or is_placeholder(cluster) or is_placeholder(given) or given.startswith("-"):
            continue
        if given == cluster:
            continue
        yield RULE.finding(word, f"{group_label(ng)}: bootstrap.sh joins cluster {given!r}, but the node group belongs "
                           f"to cluster {cluster!r}; pass {cluster} as the first argument", related=[ng.cluster.name])
