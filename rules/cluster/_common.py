"""Helpers shared by the cluster rules."""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL, Document
from ekslint.values import V, is_placeholder, known_str


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
