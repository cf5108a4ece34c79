"""Cluster IP family that is not IPv4/IPv6, or an IPv6 cluster with settings IPv6 does not allow.

## What it does
Checks the cluster IP family (eksctl `kubernetesNetworkConfig.ipFamily`, Terraform
`kubernetes_network_config.ip_family`, terraform-aws-eks `ip_family` / `cluster_ip_family`):

* the value must be IPv4 or IPv6 (any case);
* an IPv6 cluster needs Kubernetes 1.21 or later and cannot be created in the China regions.

For eksctl it also reports what eksctl refuses next to `ipFamily: IPv6`: `serviceIPv4CIDR`,
`vpc.nat`, `vpc.autoAllocateIPv6: true`, `localZones`, a control plane on Outposts, a missing
`coredns` addon (unless Auto Mode is on), a `vpc-cni` addon without pod identity or
`iam.withOIDC`, and, the other way round, `vpc.extraIPv6CIDRs`, `vpc.ipv6Cidr` or `vpc.ipv6Pool`
on an IPv4 cluster.

## Why is this bad
eksctl stops with `invalid value "dualstack" for ipFamily; allowed are IPv4 and IPv6`,
`cluster version must be >= 1.21`, `service IPv4 CIDR is not supported with IPv6`,
`setting NAT is not supported with IPv6`, `auto allocate ipv6 is not supported with IPv6`,
`localZones are not supported with IPv6`, `IPv6 is not supported on Outposts`,
`the default core addons must be defined for IPv6; missing addon(s): coredns; ...`,
`either pod identity or oidc needs to be enabled if IPv6 is set; ...`,
`cannot specify vpc.extraIPv6CIDRs with an IPv4 cluster` or
`Ipv6Cidr and Ipv6CidrPool are only supported when IPFamily is set to IPv6`. The EKS API accepts
`ipv6` only for 1.21 and later and not in the China regions.

## Example
```yaml
kubernetesNetworkConfig:
  ipFamily: IPv6
  serviceIPv4CIDR: 172.20.0.0/16
vpc:
  nat:
    gateway: Single
```

## Use instead
```yaml
kubernetesNetworkConfig:
  ipFamily: IPv6
addons:
  - name: vpc-cni
  - name: coredns
  - name: kube-proxy
iam:
  withOIDC: true
```

## References
- research `domain-eksctl-nodeadm.md` §1C V07 and V08, citing eksctl `pkg/apis/eksctl.io/v1alpha5/validation.go`
  (`validateKubernetesNetworkConfig`, `ValidateVPCConfig`, `ValidateClusterConfig`) and the EKS API Reference
  `KubernetesNetworkConfigRequest.ipFamily`
  (https://docs.aws.amazon.com/eks/latest/APIReference/API_KubernetesNetworkConfigRequest.html)
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint import regions, versions
from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import Cluster
from ekslint.rule import Rule
from ekslint.rules.cluster._common import eksctl_docs, literal_text, non_empty, written_bool
from ekslint.values import V

RULE = Rule("EKS119", "ip-family-invalid", Severity.ERROR, tags=("cluster", "network", "ipv6"), precision="very-high")


def _family(v: V | None) -> str | None:
    text = literal_text(v)
    return text.strip().lower() if text else None


def _model_checks(cluster: Cluster) -> Iterator[Finding | None]:
    fam = _family(cluster.ip_family)
    if fam is None:
        return
    if fam not in ("ipv4", "ipv6"):
        yield RULE.finding(cluster.ip_family, f"ip family `{literal_text(cluster.ip_family)}` is not valid; use "
                           f"{'IPv4 or IPv6' if cluster.source == 'eksctl' else 'ipv4 or ipv6'}")
        return
    if fam != "ipv6":
        return
    minor = versions.minor_of(cluster.version)
    if minor is not None and minor < (1, 21):
        yield RULE.finding(cluster.ip_family, f"IPv6 clusters need Kubernetes 1.21 or later, this one is "
                           f"{versions.fmt(minor)}; raise the version or use IPv4", related=[cluster.version])
    region = literal_text(cluster.region)
    if regions.is_china(region):
        yield RULE.finding(cluster.ip_family, f"EKS does not create IPv6 clusters in the China regions ({region}); "
                           "use IPv4 there", related=[cluster.region])


def _addon_names(root: V) -> set[str]:
    names = set()
    for a in (root.get("addons") or V([], None)).list():
        n = a.str("name")
        if n:
            names.add(n.lower())
    return names


def _ipv6_eksctl(root: V, fam_v: V) -> Iterator[Finding | None]:
    svc = root.get("kubernetesNetworkConfig", "serviceIPv4CIDR")
    if literal_text(svc):
        yield RULE.finding(svc, "serviceIPv4CIDR is not supported with ipFamily IPv6; remove it")
    nat = root.get("vpc", "nat")
    if nat is not None and nat.known and nat.value is not None:
        yield RULE.finding(nat.key_span or nat, "vpc.nat is not supported with ipFamily IPv6 (eksctl creates an "
                           "egress-only internet gateway); remove vpc.nat")
    auto = root.get("vpc", "autoAllocateIPv6")
    if written_bool(auto) is True:
        yield RULE.finding(auto, "vpc.autoAllocateIPv6 is not supported with ipFamily IPv6; remove it")
    zones = root.get("localZones")
    if non_empty(zones) and zones is not None:
        yield RULE.finding(zones.key_span or zones, "localZones are not supported with ipFamily IPv6; remove them")
    if root.str("outpost", "controlPlaneOutpostARN"):
        yield RULE.finding(fam_v, "IPv6 is not supported on Outposts; use ipFamily IPv4")
    auto_mode = written_bool(root.get("autoModeConfig", "enabled")) is True
    names = _addon_names(root)
    if not auto_mode and "coredns" not in names:
        where = root.get("addons")
        yield RULE.finding(where.key_span if where is not None and where.key_span else fam_v,
                           "an IPv6 cluster must list the default addons: add `- name: coredns` (with vpc-cni and "
                           "kube-proxy) under addons, or enable Auto Mode")
    if not auto_mode and "vpc-cni" in names and "eks-pod-identity-agent" not in names \
            and written_bool(root.get("iam", "withOIDC")) is not True:
        yield RULE.finding(fam_v, "an IPv6 cluster with the vpc-cni addon needs pod identity or IRSA: set "
                           "iam.withOIDC: true, or add the eks-pod-identity-agent addon")


def _ipv4_eksctl(root: V) -> Iterator[Finding | None]:
    extra = root.get("vpc", "extraIPv6CIDRs")
    if non_empty(extra) and extra is not None:
        yield RULE.finding(extra.key_span or extra, "vpc.extraIPv6CIDRs needs kubernetesNetworkConfig.ipFamily: IPv6; "
                           "remove it or make the cluster IPv6")
    for key in ("ipv6Cidr", "ipv6Pool"):
        v = root.get("vpc", key)
        if literal_text(v):
            yield RULE.finding(v, f"vpc.{key} is only supported with kubernetesNetworkConfig.ipFamily: IPv6; remove it "
                               "or make the cluster IPv6")


def check(ctx: Context) -> Iterator[Finding | None]:
    for cluster in ctx.model.clusters:
        yield from _model_checks(cluster)
    for doc in eksctl_docs(ctx):
        fam_v = doc.root.get("kubernetesNetworkConfig", "ipFamily")
        fam = _family(fam_v)
        if fam == "ipv6" and fam_v is not None:
            yield from _ipv6_eksctl(doc.root, fam_v)
        elif fam_v is None or fam == "ipv4":
            yield from _ipv4_eksctl(doc.root)
