"""Local Terraform modules: which directories call which, and what an instance of a module owns.

A ``module`` block whose ``source`` is a relative path (``./modules/nodes``, ``../shared/eks``)
names a directory of the scanned tree. `ekslint.extract.terraform` reads that directory once for
every instance of the call (after ``count`` / ``for_each``), with the call's arguments as the
module's variables. What an instance creates is then marked with `stamp`:

* every position in one of the module's own files (its ``.tf`` files and the templates it reads)
  gets the calling ``module`` block appended to `Span.via`, so a finding points at the line in
  the module and names the line that calls it, and an ``ekslint: ignore`` comment on the call
  covers it;
* every Terraform address gets the call's address in front (``module.nodes.aws_iam_role.this``),
  and so does every reference made inside the instance (``module.nodes :: aws_iam_role.this.arn``),
  so two instances' objects never look alike.

Positions in the caller's files (a value passed in as an argument) are left as they are.
"""

from __future__ import annotations

import dataclasses
import posixpath
from typing import Any

from ekslint.extract.span_walk import SpanWalker
from ekslint.values import INSTANCE, PASSED, Span, V

MAX_DEPTH = 8  # module calls nested deeper than this are not followed
MAX_INSTANCES = 64  # instances of local modules per directory, in all


def local_source(text: str | None) -> bool:
    return bool(text) and (text or "").startswith(("./", "../"))


def target_dir(caller_dir: str, source: str) -> str:
    """Display path of the directory a relative ``source`` names (``//sub`` selects a subdirectory)."""
    path = source.split("?", 1)[0].replace("//", "/")
    return posixpath.normpath(posixpath.join(caller_dir, path))


def snapshot(model: Any) -> dict[str, int | set[str]]:
    """Sizes of the model's lists and keys of its maps, to tell later additions apart."""
    out: dict[str, int | set[str]] = {}
    for f in dataclasses.fields(model):
        val = getattr(model, f.name)
        if isinstance(val, list):
            out[f.name] = len(val)
        elif isinstance(val, dict):
            out[f.name] = set(val)
    return out


def added_since(model: Any, before: dict[str, int | set[str]]) -> tuple[list[Any], list[tuple[dict[Any, Any], Any]]]:
    """(objects appended to the model's lists, (map, key) pairs added) since `snapshot`."""
    objs: list[Any] = []
    keys: list[tuple[dict[Any, Any], Any]] = []
    for f in dataclasses.fields(model):
        val = getattr(model, f.name)
        was = before.get(f.name)
        if isinstance(val, list) and isinstance(was, int):
            objs.extend(val[was:])
        elif isinstance(val, dict) and isinstance(was, set):
            keys.extend((val, k) for k in val if k not in was)
    return objs, keys


def existing(model: Any) -> set[int]:
    """Identities of the objects the model holds now (an instance must not rewrite them)."""
    out: set[int] = set()
    for f in dataclasses.fields(model):
        val = getattr(model, f.name)
        if isinstance(val, list):
            out.update(id(x) for x in val)
    return out


class Stamper(SpanWalker):
    """Marks what one module instance created (see the module docstring)."""

    def __init__(self, own_files: set[str], call: Span, address: str | None, keep: set[int]) -> None:
        """`address` None: the instance is a root module (Terragrunt), its addresses are its own."""
        super().__init__(keep)
        self.own = own_files
        self.call = call.plain()
        self.prefix = address + "." if address else ""
        self.ref_prefix = address + INSTANCE if address else ""

    def span(self, s: Span) -> Span:
        if s.via:
            return s.with_via((self.call, *s.via))
        if s.file in self.own:
            return s.with_via((self.call,))
        return s

    def address(self, address: str) -> str:
        return self.prefix + address

    def moved(self, v: V) -> None:
        if v.ref and PASSED not in v.ref:
            v.ref = self.ref_prefix + v.ref


def foreign_ref(ref: str, call_address: str) -> str:
    """How an address of the caller reads inside the called module: it must not resolve to an
    object of the module with the same address (`ekslint.values.plain_ref` gives it back)."""
    return f"{ref}{PASSED}{call_address})"


LOCAL_ROOTS = ("var.", "local.", "each.", "count.", "path.", "terraform.", "self.")
