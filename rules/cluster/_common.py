"""Helpers shared by the cluster rules."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL, Document
from ekslint.model import Cluster
from ekslint.values import V, is_placeholder, known_bool, known_str


def fully_private_clusters(ctx: Context) -> Iterator[Document]:
    """eksctl ClusterConfig documents with `privateCluster.enabled: true`."""
    for doc in ctx.documents_of(EKSCTL):
        enabled = doc.root.get("privateCluster", "enabled")
        if enabled is not None and enabled.value is True:
            yield doc


def eksctl_docs(ctx: Context) -> Iterator[Document]:
    """Every eksctl ClusterConfig document."""
    yield from ctx.documents_of(EKSCTL)


def on_outposts(doc: Document) -> bool:
    """True when the ClusterConfig places its control plane on AWS Outposts."""
    return bool(doc.root.str("outpost", "controlPlaneOutpostARN"))


def literal_text(v: V | None) -> str | None:
    """A known string that is not a placeholder (``${VAR}``, ``<name>``, ``{{ }}``), else None."""
    text = known_str(v)
    if text is None or is_placeholder(text):
        return None
    return text


def written_bool(v: V | None) -> bool | None:
    """A YAML boolean as eksctl's Go struct reads it; None when unset, null or not a boolean."""
    if v is None or not v.known or not isinstance(v.value, bool):
        return None
    return v.value


def non_empty(v: V | None) -> bool:
    """True for a known non-empty mapping or list."""
    return v is not None and v.known and isinstance(v.value, dict | list) and len(v.value) > 0


def source_text(ctx: Context, v: V) -> str | None:
    """The characters a value was written as in its file (one line), or None."""
    span = v.where()
    if span is None:
        return None
    for f in ctx.files:
        if f.display == span.file:
            if span.end_line != span.line:
                return None
            return f.line(span.line)[span.col - 1:span.end_col] or None
    return None


def eksctl_fully_private(cluster: Cluster) -> bool:
    pc = cluster.private_cluster
    enabled = pc.get("enabled") if pc is not None else None
    return enabled is not None and enabled.value is True


def endpoint_access(cluster: Cluster) -> tuple[bool, bool] | None:
    """The (public, private) API endpoint access the cluster gets, defaults applied; None when unknown.

    eksctl fills an unset ``publicAccess`` with true and ``privateAccess`` with false
    (``SetClusterEndpointAccessDefaults``); fully-private and Outposts clusters get their access
    from eksctl itself and give None. ``aws_eks_cluster`` and ``AWS::EKS::Cluster`` default to public
    only; each extractor says so in ``Cluster.default_endpoint_access``. The terraform-aws-eks
    module's defaults changed between major versions (public on before v19, off since), so it gives
    none and only values written in the module call count there.
    """
    if cluster.source == "eksctl" and (eksctl_fully_private(cluster) or
                                       (cluster.outpost is not None and cluster.outpost.value is not None)):
        return None
    defaults = cluster.default_endpoint_access
    out: list[bool] = []
    for i, v in enumerate((cluster.endpoint_public_access, cluster.endpoint_private_access)):
        if v is None or (v.known and v.value is None):
            if defaults is None:
                return None
            out.append(defaults[i])
            continue
        b = known_bool(v)
        if b is None or (cluster.source == "tf-module-eks" and v.span == cluster.span):
            return None
        out.append(b)
    return out[0], out[1]


def parse_cidr(text: str) -> ipaddress.IPv4Network | ipaddress.IPv6Network | None:
    """A CIDR as Go's ``net.ParseCIDR`` reads it (address/prefix; host bits allowed), else None."""
    if "/" not in text or text != text.strip():
        return None
    try:
        return ipaddress.ip_network(text, strict=False)
    except ValueError:
        return None


def node_group_entries(root: V) -> Iterator[tuple[str, V]]:
    """(path, mapping) of every eksctl ``nodeGroups[i]`` and ``managedNodeGroups[i]``."""
    for key in ("nodeGroups", "managedNodeGroups"):
        groups = root.get(key)
        for i, ng in enumerate(groups.list() if groups is not None else []):
            if ng.is_map:
                yield f"{key}[{i}]", ng
