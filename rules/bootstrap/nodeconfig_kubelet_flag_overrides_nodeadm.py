"""NodeConfig `kubelet.flags` entry that overrides a flag nodeadm sets itself.

## What it does
Reports entries of `spec.kubelet.flags` that set one of the kubelet flags nodeadm computes for
the node: `--node-ip`, `--hostname-override`, `--cloud-provider`, `--kubeconfig`,
`--bootstrap-kubeconfig`, `--config`, `--config-dir`, `--runtime-cgroups`,
`--image-credential-provider-config` and `--image-credential-provider-bin-dir`.

## Why is this bad
nodeadm appends your flags after its own, and for these single-value flags the last one wins:
the node registers under another name or IP than the one EKS and the AWS cloud controller
expect, kubelet reads another kubeconfig or configuration file, or stops pulling from ECR with
the node's role. Those nodes fail to register or come up with broken networking; set the value
through the NodeConfig fields instead (`featureGates.InstanceIdNodeName`, `kubelet.config`).

## Example
```yaml
spec:
  kubelet:
    flags:
      - --hostname-override=worker-1
```

## Use instead
```yaml
spec:
  featureGates:
    InstanceIdNodeName: true   # if the goal is a different node name
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N14; amazon-eks-ami `nodeadm/internal/kubelet/environment.go`
  (`writeKubeletEnvironment`: user flags appended last), `nodeadm/internal/kubelet/config.go`,
  `kubeconfig.go`, `image-credential-provider.go` (the flags nodeadm sets)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import nodeconfigs, text

RULE = Rule("EKS311", "nodeconfig-kubelet-flag-overrides-nodeadm", Severity.WARNING, tags=("bootstrap", "nodeadm"),
            precision="high")

MANAGED = {
    "--node-ip": "the node IP nodeadm reads from IMDS for the cluster's IP family",
    "--hostname-override": "the node name (the EC2 private DNS name, or the instance id with InstanceIdNodeName)",
    "--cloud-provider": "`external`, which the AWS cloud controller relies on",
    "--kubeconfig": "the kubeconfig nodeadm writes with the cluster endpoint and CA",
    "--bootstrap-kubeconfig": "the bootstrap kubeconfig of Outposts local clusters",
    "--config": "the kubelet configuration nodeadm writes",
    "--config-dir": "the drop-in directory where spec.kubelet.config goes",
    "--runtime-cgroups": "containerd's cgroup",
    "--image-credential-provider-config": "the ECR credential provider configuration",
    "--image-credential-provider-bin-dir": "the ECR credential provider binary directory",
}


def check(ctx: Context) -> Iterator[Finding | None]:
    for _, doc in nodeconfigs(ctx):
        flags = doc.get("spec", "kubelet", "flags")
        for item in flags.list() if flags is not None else []:
            t = text(item)
            if t is None:
                continue
            for word in t.split():
                name = word.split("=", 1)[0]
                if name in MANAGED:
                    yield RULE.finding(
                        item,
                        f"kubelet flag {name} replaces {MANAGED[name]} (nodeadm appends these flags after its own, and "
                        "the last one wins), so the node may register with the wrong identity or settings; remove it "
                        "and use the NodeConfig fields (featureGates.InstanceIdNodeName, kubelet.config) instead",
                    )
