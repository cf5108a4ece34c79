"""Helpers shared by the cluster rules."""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.documents import EKSCTL, Document


def fully_private_clusters(ctx: Context) -> Iterator[Document]:
    """eksctl ClusterConfig documents with `privateCluster.enabled: true`."""
    for doc in ctx.documents_of(EKSCTL):
        enabled = doc.root.get("privateCluster", "enabled")
        if enabled is not None and enabled.value is True:
            yield doc
