"""Terragrunt: a ``terragrunt.hcl`` instantiates a Terraform module of the tree with its ``inputs``.

A Terragrunt unit names its module in ``terraform { source = ... }``: a relative path (resolved
from the unit's directory), or a path built with ``get_terragrunt_dir()``, ``get_repo_root()``
or ``get_parent_terragrunt_dir()``; ``//`` only separates the subdirectory. When that directory
is one of the checked tree, it is read as a root module whose variables are the evaluated
``inputs`` (child inputs over those of an included ``terragrunt.hcl`` of the tree), exactly like
an instance of a local module call (`ekslint.extract.terraform.ModuleReader`): what it creates
names the ``terraform`` block of the ``terragrunt.hcl`` as its call, and a suppression comment
on that block covers it. A directory instantiated this way is not read on its own.

The unit's ``locals`` are evaluated; ``dependency.*.outputs``, ``get_env()``,
``read_terragrunt_config()`` and anything else Terragrunt or Terraform decides at run time stay
unknown. Remote sources (``git::``, ``tfr://``, registries) are not followed. A ``terragrunt.hcl``
never yields findings of its own beyond EKS001 for a syntax error.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekslint.documents import Document, LoadProblem, SourceFile
from ekslint.extract import tf_modules as tm
from ekslint.load import hcl_eval as h
from ekslint.load.hcl_eval import Block, Evaluator, ModuleEnv, TfV, unknown
from ekslint.values import Span, V

if TYPE_CHECKING:
    from ekslint.extract.terraform import _Tree

FILE_NAME = "terragrunt.hcl"
MAX_PARENTS = 64  # directories find_in_parent_folders() / get_repo_root() look through
_REMOTE = ("git::", "git@", "tfr:", "hg::", "s3::", "gcs::", "http://", "https://", "github.com/", "bitbucket.org/")


def is_terragrunt(p: Path) -> bool:
    return p.name.lower() == FILE_NAME


@dataclass
class Unit:
    """One ``terragrunt.hcl`` that instantiates a module of the tree."""

    sf: SourceFile
    call: Span  # its ``terraform`` block
    target: str  # display path of the module directory
    inputs: dict[str, V] | None  # None: not known; a `_Rest`: the names it lacks are unknown


@dataclass
class _File:
    sf: SourceFile
    body: h.Body
    dir_display: str
    dir_abs: Path | None


class _Evaluator(Evaluator):
    """Terraform's evaluator, plus the Terragrunt functions whose result is known before running."""

    def __init__(self, env: ModuleEnv, f: _File, files: dict[Path, _File]) -> None:
        super().__init__(env)
        self.f = f
        self.files = files

    def _e_function_call(self, node: Any, names: h.Names) -> V:
        idents = [c for c in h._trees(node) if c.data == "identifier"]
        name = str(idents[0].children[0]) if len(idents) == 1 else ""
        if name in _FUNCTIONS:
            args_node = next((c for c in h._trees(node) if c.data == "arguments"), None)
            args = [self._eval(a, names) for a in (h._trees(args_node) if args_node is not None else [])]
            span = self._span(node)
            if all(a.known and isinstance(a.value, str) for a in args):
                got = _FUNCTIONS[name](self, [str(a.value) for a in args])
                if got is not None:
                    return TfV(got, span)
            return unknown(span, func=name)
        return super()._e_function_call(node, names)

    # -- functions (None: not known) -------------------------------------------------------
    def terragrunt_dir(self, _args: list[str]) -> str | None:
        return str(self.f.dir_abs) if self.f.dir_abs is not None else None

    def repo_root(self, _args: list[str]) -> str | None:
        for d in _parents(self.f.dir_abs, include_self=True):
            if (d / ".git").exists():
                return str(d)
        return None

    def find_in_parent_folders(self, args: list[str]) -> str | None:
        name = args[0] if args else FILE_NAME
        for d in _parents(self.f.dir_abs, include_self=False):
            if (d / name).is_file():
                return str(d / name)
        return None

    def parent_terragrunt_dir(self, _args: list[str]) -> str | None:
        parent = _included(self, self.f)
        return str(parent.parent) if parent is not None else None


_FUNCTIONS = {
    "get_terragrunt_dir": _Evaluator.terragrunt_dir,
    "get_original_terragrunt_dir": _Evaluator.terragrunt_dir,
    "get_repo_root": _Evaluator.repo_root,
    "find_in_parent_folders": _Evaluator.find_in_parent_folders,
    "get_parent_terragrunt_dir": _Evaluator.parent_terragrunt_dir,
}


def _parents(d: Path | None, include_self: bool) -> list[Path]:
    if d is None:
        return []
    out = [d] if include_self else []
    out.extend(d.parents)
    return out[:MAX_PARENTS]


def _include_path(ev: Evaluator, f: _File, b: Block) -> Path | None:
    path = h.attr_text(b.attr("path"), ev)
    if path is None or f.dir_abs is None:
        return None
    return Path(os.path.normpath(f.dir_abs / path))


def _included(ev: _Evaluator, f: _File) -> Path | None:
    """The file the first ``include`` block names, when its path is known."""
    b = next((b for b in f.body.blocks if b.type == "include"), None)
    return _include_path(ev, f, b) if b is not None else None


def _env(f: _File, files: dict[Path, _File]) -> _Evaluator:
    env = ModuleEnv(f.dir_display, f.dir_abs, None)
    for b in f.body.blocks:
        if b.type == "locals":
            env.add(b)
    return _Evaluator(env, f, files)


def _inputs(f: _File, files: dict[Path, _File], seen: tuple[Path, ...] = ()) -> dict[str, V] | None:
    """The unit's ``inputs`` as known before running: those of the files it includes first (as
    their ``merge_strategy`` says), the unit's own over them. None: not known at all."""
    ev = _env(f, files)
    merged: dict[str, V] = {}
    rest_unknown = False
    deep = False
    for b in f.body.blocks:
        if b.type != "include":
            continue
        strategy = h.attr_text(b.attr("merge_strategy"), ev) if b.attr("merge_strategy") is not None else "shallow"
        if strategy == "no_merge":
            continue
        parent = _include_path(ev, f, b)
        if strategy not in ("shallow", "deep") or parent is None or parent not in files or parent in seen or len(seen) >= 8:
            # an include that cannot be read may set any input: those this unit does not set are unknown
            rest_unknown = True
            continue
        got = _inputs(files[parent], files, (*seen, parent))
        if got is None:
            return None
        rest_unknown |= isinstance(got, _Rest)
        deep |= strategy == "deep"
        merged.update(got)
    own = _own_inputs(ev, f)
    if own is None:
        return None
    for k, v in own.items():
        was = merged.get(k)
        if deep and was is not None and isinstance(was.value, (dict, list)) and isinstance(v.value, (dict, list)):
            v = unknown(v.span)  # merged deeply: not worked out
        merged[k] = v
    return _Rest(merged) if rest_unknown else merged


class _Rest(dict):  # type: ignore[type-arg]
    """Inputs known for some names; every other input is unknown."""


def _own_inputs(ev: Evaluator, f: _File) -> dict[str, V] | None:
    a = f.body.attrs.get("inputs")
    out: dict[str, V] = {}
    if a is None:
        return out
    try:
        v = ev.attr(a)
    except h.EvalError:
        return None
    if v is None or not v.known or not isinstance(v.value, dict):
        return None
    out.update(v.value)
    return out


def _target(ev: _Evaluator, f: _File, tf_block: Block | None, parsed: dict[str, Any]) -> str | None:
    """Display path of the module directory the unit instantiates, when it is one of the tree."""
    if tf_block is None:
        return f.dir_display if f.dir_display in parsed else None  # the unit's own .tf files
    src_attr = tf_block.attr("source")
    if src_attr is None:
        return f.dir_display if f.dir_display in parsed else None
    src = h.attr_text(src_attr, ev)
    if not src or src.startswith(_REMOTE) or "::" in src:
        return None
    path = src.split("?", 1)[0]
    if path.startswith("/"):
        if f.dir_abs is None:
            return None
        path = os.path.relpath(os.path.normpath(path.replace("//", "/")), f.dir_abs)
    target = tm.target_dir(f.dir_display, path)
    return target if target in parsed else None


def read_units(files: list[SourceFile], trees: dict[str, object], parsed: dict[str, Any]) -> tuple[list[Unit], list[LoadProblem]]:
    """The units of `files` that instantiate a directory of `parsed`, and the files' syntax errors."""
    problems: list[LoadProblem] = []
    by_path: dict[Path, _File] = {}
    order: list[_File] = []
    for sf in sorted(files, key=lambda s: s.display):
        try:
            tree = trees.get(sf.display)
            if isinstance(tree, h.HclSyntaxError):
                raise tree
            if tree is None:
                tree = h.parse(sf.text)
            body = h.body_of(tree, sf.display)
        except h.HclSyntaxError as e:
            problems.append(LoadProblem(Span(sf.display, e.line, e.col), f"Terragrunt syntax error: {e}", "EKS001"))
            continue
        try:
            dir_abs: Path | None = sf.path.parent.resolve()
        except (OSError, RuntimeError):
            dir_abs = None
        f = _File(sf, body, posixpath.dirname(sf.display) or ".", dir_abs)
        order.append(f)
        if dir_abs is not None:
            by_path[dir_abs / sf.path.name] = f
    units: list[Unit] = []
    for f in order:
        ev = _env(f, by_path)
        tf_block = next((b for b in f.body.blocks if b.type == "terraform"), None)
        try:
            target = _target(ev, f, tf_block, parsed)
        except h.EvalError:
            target = None
        if target is None:
            continue
        call = tf_block.span if tf_block is not None else Span(f.sf.display, 1)
        units.append(Unit(f.sf, call, target, _inputs(f, by_path)))
    return units, problems


def instantiate(units: list[Unit], tree: _Tree) -> tuple[list[Document], list[LoadProblem]]:
    """Read each unit's module as a root module with the unit's inputs (see the module docs)."""
    from ekslint.extract.terraform import ModuleReader, _Call

    documents: list[Document] = []
    problems: list[LoadProblem] = []
    model = tree.model
    for u in units:
        if tree.instances >= tm.MAX_INSTANCES * max(len(tree.parsed), 1):
            break
        tree.instances += 1
        tree.reached.add(u.target)
        scope = posixpath.dirname(u.sf.display) or "."
        files = tree.parsed[u.target]
        names = {b.labels[0] for _, body in files for b in body.blocks if b.type == "variable" and b.labels}
        inputs = dict(u.inputs or {})
        unknown_names = set(names) if u.inputs is None else set()
        if isinstance(u.inputs, _Rest):
            unknown_names = names - set(inputs)
        call = _Call(Block("terraform", [], h.Body(), u.call, u.sf.display), "terragrunt", inputs, {}, {}, set(),
                     scope, 1, (scope,))
        child = ModuleReader(u.target, tree.dir_paths.get(u.target), tree.scan_root, files, [], unknown_names, model,
                             tree=tree, call=call)
        child.read_instance(u.call, None)  # a root module: its addresses are its own
        documents.extend(child.documents)
        problems.extend(child.problems)
    return documents, problems
