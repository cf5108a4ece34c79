"""NodeConfig `apiServerEndpoint` whose host cannot be the cluster's EKS endpoint.

## What it does
Checks `spec.cluster.apiServerEndpoint` when its host is under `eks.amazonaws.com`,
`eks.amazonaws.com.cn`, `api.aws` or `api.amazonwebservices.com.cn` (other hosts, such as a
proxy or `localhost`, are not judged; neither are Outposts local clusters):

- error: the partition of the host does not fit the region in it (`cn-north-1` under
  `.amazonaws.com` or `us-west-2` under `.amazonaws.com.cn`), or the region where the nodes run
  (eksctl `metadata.region`, the Terraform provider) is in another partition;
- warning: the host does not have the EKS shape `<32 hex>.<tag>.<region>.eks.amazonaws.com[.cn]`,
  the scheme is `http://`, or the region differs from the nodes' region.

## Why is this bad
The endpoint is written verbatim as the kubelet kubeconfig `server:`. A host in the wrong
partition does not exist (EKS endpoints of the China regions live only under
`amazonaws.com.cn`), so kubelet cannot reach the API server and the node never registers; the
EKS API serves only HTTPS.

## Example
```yaml
spec:
  cluster:
    apiServerEndpoint: https://9F1C2A4B7D3E5F60718293A4B5C6D7E8.yl4.cn-north-1.eks.amazonaws.com
```

## Use instead
```yaml
spec:
  cluster:
    apiServerEndpoint: https://9F1C2A4B7D3E5F60718293A4B5C6D7E8.yl4.cn-north-1.eks.amazonaws.com.cn
```

## References
- research notes `domain-eksctl-nodeadm.md` 1G N10; https://docs.aws.amazon.com/eks/latest/userguide/cluster-endpoint.html;
  eksctl `pkg/apis/eksctl.io/v1alpha5/partitions.go` (DNS suffix per partition);
  amazon-eks-ami `nodeadm/internal/kubelet/kubeconfig.template.yaml` (`server: {{.APIServerEndpoint}}`)
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.regions import AWS_CN, DNS_SUFFIX, partition_of
from ekslint.rule import Rule
from ekslint.rules.bootstrap._common import merged, nodeconfigs, owner, text
from ekslint.values import V, known_bool

RULE = Rule("EKS307", "nodeconfig-apiserver-endpoint", Severity.ERROR, tags=("bootstrap", "nodeadm"), precision="high")

_EKS_DOMAIN = re.compile(r"\.(eks\.amazonaws\.com(?:\.cn)?|api\.aws|api\.amazonwebservices\.com\.cn)$")
_SHAPE = re.compile(r"^[0-9A-Fa-f]{32}\.[a-z0-9]{2,4}\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)\.")
_REGION = re.compile(r"\.(?P<region>[a-z]{2}(?:-[a-z]+)+-\d+)\.")


def _node_region(ctx: Context, boot) -> str | None:
    ng = owner(ctx, boot)
    cluster = ng.cluster if ng is not None else None
    for v in (boot.region, ng.region if ng is not None else None, cluster.region if cluster is not None else None):
        t = text(v)
        if t:
            return t
    return None


def _problems(endpoint: str, node_region: str | None) -> Iterator[tuple[str, str, Severity]]:
    """(what is wrong, what to do, severity) for one endpoint."""
    scheme, sep, rest = endpoint.partition("://")
    if not sep:
        scheme, rest = "", endpoint
    written = rest.split("/", 1)[0].split(":", 1)[0]
    host = written.lower()
    m = _EKS_DOMAIN.search(host)
    if m is None:
        return
    china_host = host.endswith(".cn")
    shape = _SHAPE.match(host)
    rm = shape or _REGION.search(host)
    region = rm.group("region") if rm else None
    if scheme.lower() == "http":
        yield "uses http://, but the EKS API server serves only HTTPS", "use https://", Severity.WARNING
    part = partition_of(region)
    if part is not None and (part == AWS_CN) != china_host:
        want = (scheme or "https") + "://" + written[: m.start()] + "." + (
            "eks.amazonaws.com.cn" if not china_host else "eks.amazonaws.com")
        yield (f"names region {region} under .{m.group(1)}, a host that does not exist (EKS endpoints in {part} end "
               f"in .{DNS_SUFFIX[part]})"), f"use {want}", Severity.ERROR
        return
    node_part = partition_of(node_region)
    if node_region is not None and node_part is not None:
        if (node_part == AWS_CN) != china_host:
            yield (f"is in the {'aws-cn' if china_host else 'aws'} partition but the nodes run in {node_region} "
                   f"({node_part})"), f"use the endpoint of the cluster in {node_region}", Severity.ERROR
            return
        if region is not None and region != node_region:
            yield (f"is in {region} but the nodes run in {node_region}",
                   "use the endpoint of the cluster the nodes join (`aws eks describe-cluster --query cluster.endpoint`)",
                   Severity.WARNING)
    if shape is None and m.group(1).startswith("eks."):
        yield (f"host {host!r} does not have the shape of an EKS endpoint (<32 hex characters>.<tag>.<region>."
               f"{m.group(1)})"), "copy it from `aws eks describe-cluster --query cluster.endpoint`", Severity.WARNING


def check(ctx: Context) -> Iterator[Finding | None]:
    for boot, doc in nodeconfigs(ctx):
        v: V | None = doc.get("spec", "cluster", "apiServerEndpoint")
        endpoint = text(v)
        if v is None or endpoint is None or known_bool(merged(boot, "spec", "cluster", "enableOutpost")):
            continue
        for why, fix, severity in _problems(endpoint, _node_region(ctx, boot)):
            effect = ("kubelet cannot reach the API server and the node never registers" if severity is Severity.ERROR
                      else "the node may not register")
            yield RULE.finding(v, f"spec.cluster.apiServerEndpoint {why}: {effect}; {fix}", severity=severity)
