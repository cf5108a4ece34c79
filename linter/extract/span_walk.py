"""Rewriting the positions of what extraction produced, in place.

`SpanWalker` visits model objects (dataclasses), documents, positioned values (`V`, their
children and origins), lists, tuples and maps, and replaces every `Span` with what `span`
returns for it. Subclasses say how positions move: a local Terraform module instance marks them
with its call (`ekslint.extract.tf_modules.Stamper`), user data rendered from a template moves
them to the template's lines (`move_bootstrap`, for Terraform templates and CloudFormation
`Fn::Sub` / `Fn::Join` user data).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from ekslint.documents import SourceFile
from ekslint.load import hcl_eval as h
from ekslint.values import Span, V

if TYPE_CHECKING:
    from ekslint.model import NodeBootstrap

_SKIP = (SourceFile, h.Block, h.Attr, h.Body, str, bytes, int, float, bool, type(None))


class SpanWalker:
    """Replaces the spans reachable from what it walks (objects whose id is in `keep` are left alone)."""

    def __init__(self, keep: Iterable[int] = ()) -> None:
        self.seen: set[int] = set(keep)

    def span(self, s: Span) -> Span:
        """Where a position goes (the same object when it does not move)."""
        return s

    def address(self, address: str) -> str:
        """A Terraform address of a walked object (``address`` fields)."""
        return address

    def moved(self, v: V) -> None:
        """Called for a value whose own span moved, before the new span is set."""

    def walk(self, x: Any) -> Any:
        if isinstance(x, _SKIP):
            return x
        if isinstance(x, Span):
            return self.span(x)
        if id(x) in self.seen:
            return x
        if isinstance(x, V):
            self.seen.add(id(x))
            self._value(x)
            return x
        if isinstance(x, list):
            self.seen.add(id(x))
            for i, item in enumerate(x):
                new = self.walk(item)
                if new is not item:
                    x[i] = new
            return x
        if isinstance(x, tuple):
            items = tuple(self.walk(i) for i in x)
            return items if any(a is not b for a, b in zip(items, x, strict=True)) else x
        if isinstance(x, dict):
            self.seen.add(id(x))
            for k, item in list(x.items()):
                new = self.walk(item)
                if new is not item:
                    x[k] = new
            return x
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            self.seen.add(id(x))
            for f in dataclasses.fields(x):
                val = getattr(x, f.name)
                new = self.walk(val)
                if f.name == "address" and isinstance(new, str) and new:
                    new = self.address(new)
                if new is not val:
                    object.__setattr__(x, f.name, new)
            return x
        return x

    def _value(self, root: V) -> None:
        stack = [root]
        while stack:
            v = stack.pop()
            if v.span is not None:
                new = self.span(v.span)
                if new is not v.span:
                    self.moved(v)
                v.span = new
            if v.key_span is not None:
                v.key_span = self.span(v.key_span)
            if v.origin is not None and id(v.origin) not in self.seen:
                self.seen.add(id(v.origin))
                stack.append(v.origin)
            val = v.value
            children: Iterable[Any] = val.values() if isinstance(val, dict) else val if isinstance(val, list) else ()
            for c in children:
                if isinstance(c, V) and id(c) not in self.seen:
                    self.seen.add(id(c))
                    stack.append(c)


class _Mover(SpanWalker):
    def __init__(self, file: str, move: Callable[[Span], Span], keep: Iterable[int]) -> None:
        super().__init__(keep)
        self.file = file
        self.move = move
        self.done: dict[Span, Span] = {}

    def span(self, s: Span) -> Span:
        if s.file != self.file:
            return s
        got = self.done.get(s)
        if got is None:
            got = self.done[s] = self.move(s)
        return got


def move_bootstrap(boot: NodeBootstrap, file: str, move: Callable[[Span], Span]) -> None:
    """Move the positions of `boot` read from user data text that lie in `file` (not the region
    its node group gives it); each position moves once however often it is met."""
    _Mover(file, move, [id(boot.region)] if boot.region is not None else []).walk(boot)
