"""EC2NodeClass with `amiFamily: Custom` whose user data does not register the `karpenter.sh/unregistered` taint.

## What it does
For `karpenter.k8s.aws/v1` EC2NodeClasses with `amiFamily: Custom` (the taint arrived with v1;
v1beta1 objects belong to releases that do not need it), reports user data that never
mentions the `karpenter.sh/unregistered:NoExecute` taint (kubelet `--register-with-taints`,
NodeConfig `registerWithTaints`, Bottlerocket `settings.kubernetes.node-taints`): an error. A
Custom EC2NodeClass without any `spec.userData` is a warning, since an image may join on its
own, but it still has to register the taint. User data whose taints come from a template
variable is not reported.

## Why is this bad
With `Custom`, Karpenter adds nothing to the user data: "No merging is performed, your UserData
must perform all setup required of the node to allow it to join the cluster." Since v1 Karpenter
expects each new node to register with the `karpenter.sh/unregistered:NoExecute` taint and
removes it once it has synced labels and taints; "Karpenter will fail to register nodes that do
not have this taint", so the NodeClaims never become ready and are replaced over and over.

## Example
```yaml
apiVersion: karpenter.k8s.aws/v1
kind: EC2NodeClass
metadata:
  name: custom
spec:
  amiFamily: Custom
  amiSelectorTerms:
    - id: ami-0123456789abcdef0
  userData: |
    #!/bin/bash
    /etc/eks/bootstrap.sh prod --kubelet-extra-args '--node-labels=team=a'
```

## Use instead
```yaml
  userData: |
    #!/bin/bash
    /etc/eks/bootstrap.sh prod \
      --kubelet-extra-args '--node-labels=team=a --register-with-taints=karpenter.sh/unregistered:NoExecute'
```

## References
- research: /work/shared/research/domain-karpenter-auth-terraform.md §2.1 K05
- karpenter-provider-aws `website/content/en/docs/concepts/nodeclasses.md` (Custom family: no merging; "Karpenter will fail to register nodes that do not have this taint")
- karpenter-provider-aws `website/content/en/v1.0/upgrading/v1-migration.md` (the `karpenter.sh/unregistered` taint in v1)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.karpenter._common import concrete, is_v1, key_at, label, nodeclass_specs, present
from ekslint.values import UNKNOWN_CHAR

RULE = Rule("EKS507", "nodeclass-custom-unregistered-taint", Severity.ERROR, tags=("karpenter", "bootstrap"),
            precision="high")

TAINT = "karpenter.sh/unregistered"
# where taints are set, followed by a template variable: the taint may come from it
TEMPLATED_TAINTS = re.compile(r"(register-with-taints|registerWithTaints|node-taints)[^\n]*(\$|\{\{|" + UNKNOWN_CHAR + ")")


def check(ctx: Context) -> Iterator[Finding | None]:
    for nc, s in nodeclass_specs(ctx.model):
        family = concrete(nc.ami_family)
        if family != "Custom" or not is_v1(nc):
            continue
        what = label(nc)
        ud = nc.user_data
        if ud is None or present(s, "userData") is False:
            if present(s, "userData") is False:
                yield RULE.finding(
                    nc.ami_family,
                    f"{what} uses amiFamily: Custom without spec.userData: Karpenter generates no bootstrap for Custom, "
                    f"and the nodes must register with the {TAINT}:NoExecute taint or Karpenter never marks them "
                    "registered; add userData that joins the cluster and registers that taint (or use an alias)",
                    severity=Severity.WARNING,
                )
            continue
        if not ud.is_str:
            continue
        text = ud.value
        if TAINT in text or UNKNOWN_CHAR in text or TEMPLATED_TAINTS.search(text):
            continue
        yield RULE.finding(
            key_at(s, "userData"),
            f"{what} uses amiFamily: Custom and its userData never registers the {TAINT}:NoExecute taint; Karpenter "
            "merges nothing into Custom user data and fails to register nodes without that taint: add "
            f"`--register-with-taints={TAINT}:NoExecute` to kubelet (NodeConfig: "
            f"`kubelet.config.registerWithTaints`, Bottlerocket: `settings.kubernetes.node-taints`)",
            related=[nc.ami_family],
        )
