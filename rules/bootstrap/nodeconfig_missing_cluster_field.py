"""NodeConfig without the cluster name, API server endpoint, CA or service CIDR.

## What it does
Merges the NodeConfig documents of one user data (a plain NodeConfig file, the
`application/node.eks.aws` parts of MIME user data, an eksctl `overrideBootstrapCommand`, a
Terraform launch-template heredoc, a Karpenter `userData`) the way nodeadm does (later
documents override earlier ones; empty values override nothing) and reports each of
`spec.cluster.name`, `apiServerEndpoint`, `certificateAuthority` and `cidr` that is still
missing or empty.

It stays silent when something else supplies the cluster section: managed node groups on an
EKS AMI (EKS adds its own NodeConfig), Karpenter with an AMI family other than `Custom`,
eksctl (it writes its NodeConfig before yours), and NodeConfig files that have no `cluster`
section at all (drop-ins and overrides). Values that cannot be known offline (Terraform
references) count as present. Hybrid-node NodeConfigs (`spec.hybrid`) are not checked: the
hybrid nodeadm needs only the cluster name and region and reads the rest from the EKS API.

## Why is this bad
`nodeadm init` validates the merged configuration and stops:
`Name is missing in cluster configuration`, `Apiserver endpoint is missing in cluster
configuration`, `Certificate authority is missing in cluster configuration` or
`CIDR is missing in cluster configuration`. kubelet is never configured, so the instance
boots but the node never joins the cluster. An empty `certificateAuthority: ""` passes that
check but leaves an empty CA file, and kubelet cannot verify the API server.

## Example
```yaml
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: my-cluster
    apiServerEndpoint: https://EXAMPLE0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com
    certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...
    # cidr missing
```

## Use instead
```yaml
apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: my-cluster
    apiServerEndpoint: https://EXAMPLE0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com
    certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...
    cidr: 10.100.0.0/16   # the cluster's service CIDR (kubernetesNetworkConfig.serviceIpv4Cidr)
```

## References
- nodeadm `nodeadm/internal/api/validation.go` `ValidateNodeConfig` (awslabs/amazon-eks-ami)
- nodeadm `nodeadm/internal/api/merge.go` (mergo `WithOverride`: later documents win, empty values do not override)
- nodeadm `nodeadm/doc/examples.md` ("At least one source in user data must provide the required `cluster` fields")
- eksctl `pkg/nodebootstrap/al2023.go` `createMinimalNodeConfig` (cluster details only for self-managed and custom-AMI nodes)
- https://awslabs.github.io/amazon-eks-ami/nodeadm/
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.model import AL2023, CUSTOM, NodeBootstrap, NodeGroup
from ekslint.rule import Rule
from ekslint.values import Span, V, known_str

RULE = Rule("EKS301", "nodeconfig-missing-cluster-field", Severity.ERROR, tags=("bootstrap", "nodeadm"),
            precision="high")

# field → (nodeadm error, what to write)
FIELDS = {
    "name": ("Name is missing in cluster configuration", "the EKS cluster name"),
    "apiServerEndpoint": (
        "Apiserver endpoint is missing in cluster configuration",
        "the cluster endpoint (`aws eks describe-cluster --query cluster.endpoint`), "
        "e.g. `apiServerEndpoint: https://EXAMPLE0123456789ABCDEF.gr7.us-west-2.eks.amazonaws.com`",
    ),
    "certificateAuthority": (
        "Certificate authority is missing in cluster configuration",
        "the base64 CA data (`aws eks describe-cluster --query cluster.certificateAuthority.data`), "
        "e.g. `certificateAuthority: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t...`",
    ),
    "cidr": (
        "CIDR is missing in cluster configuration",
        "the cluster's service CIDR (`aws eks describe-cluster --query "
        "cluster.kubernetesNetwork.serviceIpv4Cidr`)",
    ),
}


def _present(v: V | None) -> bool | None:
    """True: a value that counts; False: nothing usable; None: empty (overrides nothing)."""
    if v is None:
        return False
    if not v.known:
        return True
    if v.value is None or v.value == "":
        return None
    return True


def _owner(ctx: Context, boot: NodeBootstrap) -> NodeGroup | None:
    for ng in ctx.model.node_groups:
        if ng.bootstrap is boot:
            return ng
    return None


def _anchor(docs: list[V]) -> Span | None:
    """The `cluster` key of the last NodeConfig that has one, else the last one's `spec`, else its start."""
    for doc in reversed(docs):
        cluster = doc.get("spec", "cluster")
        if cluster is not None and (cluster.key_span or cluster.where()):
            return cluster.key_span or cluster.where()
    last = docs[-1]
    spec = last.get("spec")
    if spec is not None and (spec.key_span or spec.where()):
        return spec.key_span or spec.where()
    return last.where()


def _example(field: str, ng: NodeGroup | None, only_cluster) -> str:
    _, what = FIELDS[field]
    cluster = ng.cluster if ng is not None and ng.cluster is not None else only_cluster
    if field == "name":
        name = known_str(cluster.name) if cluster is not None else None
        return f"{what}, e.g. `name: {name or 'my-cluster'}`"
    if field == "cidr":
        cidr = known_str(cluster.service_ipv4_cidr) if cluster is not None else None
        return f"{what}, e.g. `cidr: {cidr or '10.100.0.0/16'}`"
    return what


def check(ctx: Context) -> Iterator[Finding | None]:
    only_cluster = ctx.model.clusters[0] if len(ctx.model.clusters) == 1 else None
    for boot in ctx.model.bootstraps:
        if not boot.nodeconfigs or boot.cluster_details_supplied:
            continue
        if any(doc.get("spec", "hybrid") is not None for doc in boot.nodeconfigs):
            continue  # hybrid nodes: nodeadm reads endpoint, CA and CIDR from DescribeCluster
        if any((c := doc.get("spec", "cluster")) is not None and not c.is_map for doc in boot.nodeconfigs):
            continue  # `cluster: ...` (documentation elision) or a malformed section: not a merge to judge
        ng = _owner(ctx, boot)
        if ng is not None and ng.ami_family not in (None, AL2023, CUSTOM):
            continue  # not a nodeadm AMI: the NodeConfig is not read at all
        anchor = _anchor(boot.nodeconfigs)
        if anchor is None:
            continue
        for field, (error, _) in FIELDS.items():
            state = False
            empty_at: V | None = None
            for doc in boot.nodeconfigs:
                v = doc.get("spec", "cluster", field)
                p = _present(v)
                if p:
                    state = True
                elif p is None and not state:
                    empty_at = v
            if state or f"{field}:" in boot.hidden_text:
                continue  # set, or maybe written by a template block over unknown values
            how = "is empty" if empty_at is not None else "is missing"
            consequence = (
                "kubelet gets an empty CA file and cannot verify the API server"
                if field == "certificateAuthority" and empty_at is not None
                else f'nodeadm stops with "{error}"'
            )
            yield RULE.finding(
                empty_at if empty_at is not None and empty_at.where() else anchor,
                f"spec.cluster.{field} {how} in this NodeConfig and nothing else supplies it: {consequence} "
                f"and the node never joins; set it to {_example(field, ng, only_cluster)}",
            )
