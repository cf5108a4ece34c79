"""Helpers shared by the Karpenter rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ekslint.model import Model, NodeClass, NodePool
from ekslint.values import UNKNOWN_CHAR, V, is_placeholder

# parts of a name that are filled in later: ${VAR}, $VAR (envsubst), <name>, {{ helm }}, unknown Terraform
HOLES = re.compile(r"\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*|<[^<>]*>|\{\{.*?\}\}|" + UNKNOWN_CHAR + "+")


def is_v1(obj: NodeClass | NodePool) -> bool:
    """True for `karpenter.sh/v1` / `karpenter.k8s.aws/v1` objects."""
    return obj.api_version.endswith("/v1")


def is_v1beta1(obj: NodeClass | NodePool) -> bool:
    return obj.api_version.endswith("/v1beta1")


def label(obj: NodeClass | NodePool) -> str:
    """`EC2NodeClass 'default'` / `NodePool 'gpu'` (or the kind alone when the name is not known)."""
    kind = "EC2NodeClass" if isinstance(obj, NodeClass) else "NodePool"
    name = obj.name.str() if obj.name is not None else None
    return f"{kind} {name!r}" if name and not is_placeholder(name) else kind


def concrete(v: V | None) -> str | None:
    """A known string that is not a placeholder, else None."""
    if v is None or not v.is_str or is_placeholder(v.value):
        return None
    return v.value


def is_null(v: V | None) -> bool:
    return v is not None and v.known and v.value is None


def present(m: V | None, key: str) -> bool | None:
    """Whether mapping `m` has `key` set (not null), as the API server sees it; None when not knowable."""
    if m is None:
        return False
    if not m.known or not isinstance(m.value, dict):
        return None if not m.known else False
    if key in m.value:
        return not is_null(m.value[key])
    return None if opaque(m) else False


def opaque(m: V | None) -> bool:
    """True when a mapping may hold more than it shows: unknown, or with template keys (`${...}`, Helm)."""
    if m is None:
        return False
    if not m.known:
        return True
    if not isinstance(m.value, dict):
        return False
    return any(is_placeholder(k) for k in m.value)


def items(m: V | None) -> Iterator[tuple[str, V]]:
    """(key, value) of a known mapping, skipping template keys."""
    if m is not None and m.is_map:
        for k, v in m.value.items():
            if not is_placeholder(k):
                yield k, v


def key_at(m: V, key: str) -> V:
    """A V that points at `key` in mapping `m` (the key's own span when known)."""
    child = m.value[key]
    if child.key_span is not None:
        return V(key, child.key_span)
    return child


def spec(obj: NodeClass | NodePool) -> V | None:
    s = obj.doc.get("spec")
    return s if s is not None and s.is_map else None


def nodeclass_specs(model: Model) -> Iterator[tuple[NodeClass, V]]:
    """Each EC2NodeClass whose `spec` is a mapping, with that spec."""
    for nc in model.node_classes:
        s = spec(nc)
        if s is not None:
            yield nc, s


def template_spec(pool: NodePool) -> V | None:
    s = pool.doc.get("spec", "template", "spec")
    return s if s is not None and s.is_map else None


def complete_nodeclass(s: V) -> bool:
    """True when an EC2NodeClass spec looks like a whole object, not a documentation fragment: it has
    the selector terms every version requires and no template keys. Rules about a *missing* field
    only fire on complete specs."""
    return (not opaque(s) and present(s, "subnetSelectorTerms") is True
            and present(s, "securityGroupSelectorTerms") is True)


def label_domain(key: str) -> str:
    """The part of a label key before the first `/` (the whole key when it has none), as the CRDs read it."""
    return key.split("/", 1)[0]


def pool_labels(pool: NodePool) -> Iterator[tuple[str, V]]:
    """(key, key-positioned V) of `spec.template.metadata.labels`, skipping template keys."""
    labels = pool.doc.get("spec", "template", "metadata", "labels")
    for k, _ in items(labels):
        yield k, key_at(labels, k)


def requirements(pool: NodePool) -> list[V]:
    """The known mappings of `spec.template.spec.requirements`."""
    reqs = pool.doc.get("spec", "template", "spec", "requirements")
    return [r for r in (reqs.list() if reqs is not None else []) if r.is_map]


def family(nc: NodeClass) -> str | None:
    """The bootstrap family Karpenter uses: AL2, AL2023, Bottlerocket, Windows or Custom; None when not known.

    `amiFamily` wins when set (`Custom` with an alias keeps Karpenter out of the user data), else the
    alias family."""
    written = concrete(nc.ami_family)
    if written:
        return "Windows" if written.startswith("Windows") else written
    alias = concrete(nc.alias)
    if alias and "@" in alias:
        fam = alias.split("@", 1)[0]
        return {"al2": "AL2", "al2023": "AL2023", "bottlerocket": "Bottlerocket"}.get(
            fam, "Windows" if fam.startswith("windows") else None)
    return None
