"""eksctl managed node group with a custom AMI and a setting that needs an EKS AMI.

## What it does
For `managedNodeGroups` entries with `ami` (and no `launchTemplate`), reports an `ami` that is not
an AMI id (`ami-...`), an `amiFamily` that managed node groups cannot run from a custom image
(the Windows families: only Amazon Linux, Bottlerocket and Ubuntu are accepted), and the settings
eksctl only supports on EKS-optimized AMIs: `maxPodsPerNode`, `ssh.enableSsm` and
`releaseVersion`.

## Why is this bad
eksctl refuses the file: `invalid AMI "auto" (managedNodeGroups[0].ami)`, `cannot set amiFamily
to WindowsServer2022CoreContainer when using a custom AMI for managed nodes, only ... are
supported`, `managedNodeGroups[0].maxPodsPerNode is not supported when using a custom AMI
(managedNodeGroups[0].ami)`. A release version selects an EKS AMI, which a custom `ami` replaces.

## Example
```yaml
managedNodeGroups:
  - name: custom
    ami: ami-0c2b8ca1dad447f8a
    amiFamily: AmazonLinux2023
    maxPodsPerNode: 110
```

## Use instead
```yaml
managedNodeGroups:
  - name: custom
    ami: ami-0c2b8ca1dad447f8a
    amiFamily: AmazonLinux2023
    overrideBootstrapCommand: |
      apiVersion: node.eks.aws/v1alpha1
      kind: NodeConfig
      spec:
        kubelet:
          config:
            maxPods: 110
```

## References
- /work/shared/research/domain-eksctl-nodeadm.md, B11 `mng-custom-ami-unsupported` and B02: eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go` `ValidateManagedNodeGroup`
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.nodes._common import EksctlGroup, eksctl_groups, is_windows
from ekslint.values import is_placeholder

RULE = Rule("EKS217", "mng-custom-ami-unsupported", Severity.ERROR, tags=("nodes", "ami", "eksctl"), precision="very-high")


def _check(g: EksctlGroup) -> Iterator[Finding | None]:
    ami = g.get("ami")
    text = ami.str() if ami is not None else None
    if text is None or not text or is_placeholder(text):
        return
    if not text.startswith("ami-"):
        yield RULE.finding(ami, f"{g.label}: ami {text!r} is not an AMI id, and managed node groups accept only ids; "
                           "write `ami: ami-...`, or remove ami to let EKS choose its image")
        return
    if is_windows(g.family):
        yield RULE.finding(g.get("amiFamily"), f"{g.label}: managed node groups cannot use a custom {g.family} AMI "
                           "(eksctl accepts only Amazon Linux, Bottlerocket and Ubuntu families there); remove ami, "
                           "or use a self-managed nodeGroups entry")
    pods = g.get("maxPodsPerNode")
    if pods is not None and pods.known and pods.value not in (0, None):
        yield RULE.finding(pods.key_span or pods, f"{g.label}: maxPodsPerNode is not supported with a custom ami; set "
                           "maxPods in the bootstrap (NodeConfig kubelet.config.maxPods or bootstrap.sh --max-pods)")
    if g.is_true("ssh", "enableSsm"):
        v = g.get("ssh", "enableSsm")
        yield RULE.finding(v.key_span or v, f"{g.label}: ssh.enableSsm is not supported with a custom ami; remove it "
                           "(install the SSM agent in the image)")
    release = g.get("releaseVersion")
    if release is not None and release.known and release.value not in (None, ""):
        yield RULE.finding(release.key_span or release, f"{g.label}: releaseVersion selects an EKS AMI and cannot be "
                           "combined with a custom ami; remove one of them")


def check(ctx: Context) -> Iterator[Finding | None]:
    for g in eksctl_groups(ctx):
        if g.managed and not g.has("launchTemplate"):
            yield from _check(g)
