"""Helpers shared by the schema rules: which documents to check, and how problems read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ekslint import documents as kinds
from ekslint.context import Context
from ekslint.model import NodeBootstrap
from ekslint.schema import eksctl, karpenter, nodeconfig
from ekslint.schema.check import ENUM, TYPE, UNKNOWN, Problem, check
from ekslint.schema.types import BOOL, INT, NUM, STR, Enum, ListOf, MapOf, Obj, Scalar, Type
from ekslint.values import Span, V

EKSCTL_API = "eksctl.io/v1alpha5"
NODECONFIG_API = "node.eks.aws/v1alpha1"


def where(path: str) -> str:
    return path if path else "the top level"


def unknown_text(p: Problem) -> str:
    text = f"unknown field `{p.key}` in {where(p.path)}"
    return text + (f"; did you mean `{p.suggestion}`?" if p.suggestion else ":")


def then(text: str, rest: str) -> str:
    """`text` followed by `rest`, starting a new sentence after a question."""
    return f"{text} {rest[:1].upper() + rest[1:] if text.endswith('?') else rest}"


def fix_for_unknown(p: Problem) -> str:
    if p.suggestion:
        return f"rename it to `{p.suggestion}`"
    names = sorted(p.expected.fields) if isinstance(p.expected, Obj) else []
    known = ", ".join(f"`{k}`" for k in names[:8]) + (", ..." if len(names) > 8 else "")
    return f"remove it or move it where it belongs (known fields here: {known})" if known else "remove it"


def label(t: Type | None) -> str:
    return getattr(t, "label", "another value")


def type_text(p: Problem) -> str:
    """`x must be <type>, not <found>; <fix>`."""
    return f"{where(p.path)} must be {label(p.expected)}, not {p.describe_found()}; {_type_fix(p)}"


def _type_fix(p: Problem) -> str:
    t, val = p.expected, p.value.value
    if t == BOOL and isinstance(val, str) and val.strip().lower() in ("true", "false", "yes", "no", "on", "off"):
        word = "true" if val.strip().lower() in ("true", "yes", "on") else "false"
        return f"write `{word}` without quotes"
    if (t == STR or isinstance(t, Enum)) and isinstance(val, bool | int | float):
        return "put the value in quotes"
    if t in (INT, NUM) and isinstance(val, str) and val.strip().lstrip("-").replace(".", "", 1).isdigit():
        return "write the number without quotes"
    if isinstance(t, ListOf):
        return "write it as a YAML list (one `- item` per entry)"
    if isinstance(t, Obj | MapOf) or (isinstance(t, Scalar) and t.kind == "map"):
        return "write it as a mapping of `key: value` pairs"
    return f"change it to {label(t)}"


def enum_text(p: Problem, reader: str) -> str:
    """`x is `v`, but <reader> accepts only one of ...; did you mean `w`?`."""
    values = label(p.expected).removeprefix("one of ")
    text = f"{where(p.path)} is `{p.value.value}`, but {reader} accepts only {values}"
    return text + (f"; did you mean `{p.suggestion}`?" if p.suggestion else "; use one of them")


# -- eksctl ------------------------------------------------------------------------------------

def eksctl_problems(ctx: Context) -> Iterator[Problem]:
    for doc in ctx.documents_of(kinds.EKSCTL):
        if doc.root.str("apiVersion") == EKSCTL_API:  # other versions are reported by the apiVersion rule
            yield from check(doc.root, eksctl.CLUSTER_CONFIG)


def other_node_group_kind(p: Problem) -> str | None:
    """For an unknown node-group key that the other node-group kind has: that kind's list name."""
    if p.kind != UNKNOWN or len(p.keys) != 2 or p.key is None:
        return None
    if p.keys[0] == "nodeGroups" and p.key in eksctl.MANAGED_ONLY:
        return "managedNodeGroups"
    if p.keys[0] == "managedNodeGroups" and p.key in eksctl.NODE_GROUP_ONLY:
        return "nodeGroups"
    return None


# -- NodeConfig --------------------------------------------------------------------------------

@dataclass
class NodeConfigDoc:
    root: V
    bootstrap: NodeBootstrap | None


def nodeconfig_documents(ctx: Context) -> Iterator[NodeConfigDoc]:
    """Every NodeConfig once: plain files, MIME parts, eksctl overrides, Karpenter and Terraform user data."""
    seen: set[Span | int] = set()
    for boot in ctx.model.bootstraps:
        for root in boot.nodeconfigs:
            key = root.where() or id(root)
            if key not in seen:
                seen.add(key)
                yield NodeConfigDoc(root, boot)
    for doc in ctx.documents_of(kinds.NODECONFIG):
        key = doc.root.where() or id(doc.root)
        if key not in seen:
            seen.add(key)
            yield NodeConfigDoc(doc.root, None)


def nodeconfig_problems(ctx: Context) -> Iterator[tuple[Problem, NodeConfigDoc]]:
    for doc in nodeconfig_documents(ctx):
        if doc.root.str("apiVersion") != NODECONFIG_API:
            continue  # nodeadm knows no other version: the apiVersion rule reports it
        for p in check(doc.root, nodeconfig.NODE_CONFIG):
            yield p, doc


# -- Karpenter ---------------------------------------------------------------------------------

@dataclass
class KarpenterDoc:
    root: V
    kind: str  # NodePool | EC2NodeClass
    version: str  # v1 | v1beta1
    schemas: dict[str, Obj]


def karpenter_documents(ctx: Context) -> Iterator[KarpenterDoc]:
    seen: set[Span | int] = set()
    found: list[tuple[V, str, str]] = []
    for doc in ctx.documents_of(kinds.NODEPOOL, kinds.EC2NODECLASS):
        found.append((doc.root, doc.kind, doc.api_version or ""))
    found.extend((nc.doc, kinds.EC2NODECLASS, nc.api_version) for nc in ctx.model.node_classes)
    found.extend((np.doc, kinds.NODEPOOL, np.api_version) for np in ctx.model.node_pools)
    for root, kind, api in found:
        key = root.where() or id(root)
        if key in seen:
            continue
        seen.add(key)
        version = api.rsplit("/", 1)[-1]
        schemas = karpenter.NODEPOOL if kind == kinds.NODEPOOL else karpenter.EC2NODECLASS
        if version in schemas:
            yield KarpenterDoc(root, "NodePool" if kind == kinds.NODEPOOL else "EC2NodeClass", version, schemas)


def karpenter_problems(ctx: Context) -> Iterator[tuple[Problem, KarpenterDoc]]:
    for doc in karpenter_documents(ctx):
        for p in check(doc.root, doc.schemas[doc.version]):
            yield p, doc


__all__ = ["ENUM", "TYPE", "UNKNOWN", "Problem"]
