"""What a rule sees: the model, the parsed documents and the run's options."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from ekslint.documents import Document, SourceFile
from ekslint.model import Model


@dataclass
class Options:
    """Assumptions for things the scanned files may not say."""

    default_cluster_version: str | None = None
    default_authentication_mode: str | None = None
    default_partition: str | None = None


@dataclass
class Context:
    model: Model
    documents: list[Document] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    options: Options = field(default_factory=Options)

    def documents_of(self, *kinds: str) -> Iterator[Document]:
        for d in self.documents:
            if d.kind in kinds:
                yield d
