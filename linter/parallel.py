"""Parse the files of a run before extraction: from the cache, in worker processes, or in turn.

`preload` parses every YAML / JSON / user-data file (`load_text_file`) and every ``.tf`` file (the
Lark tree of python-hcl2) of a run:

1. entries found in the parse cache (`ekslint.cache`) are taken from it;
2. when more than `PARALLEL_MIN_FILES` files remain and the machine has more than one core, the
   YAML files are parsed by a pool of worker processes (one per core, at most `MAX_JOBS`;
   ``EKSLINT_JOBS=N`` sets the number, 1 turns the pool off) while this process parses the
   Terraform files; batches come back in the order they were given, so the output does not
   depend on the pool;
3. anything else (small runs, a pool that cannot start or breaks, a worker that raises) is parsed
   here, in this process. A small run never starts a process: pre-commit latency matters more.

The engine reads the results through `Preloaded.load_text_file` and `Preloaded.trees`; a file
that is not in them is parsed on demand, exactly as without `preload`.
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekslint.documents import Document, LoadProblem, SourceFile

if TYPE_CHECKING:
    from ekslint.cache import ParseCache
    from ekslint.progress import Progress

PARALLEL_MIN_FILES = 200
MAX_JOBS = 8
_TF = "tf"
_SKIP = ("tfvars",)  # read by the Terraform extractor with the module it belongs to

# one file to parse, as sent to a worker: (loader kind, display, path, text)
Item = tuple[str, str, str, str]


def cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


# -- Lark trees as plain tuples (marshal-able, cheap to rebuild) -----------------------------------


def encode_tree(node: Any) -> Any:
    """A Lark tree as nested tuples: (data, meta, children) for a tree, 8-tuples for tokens."""
    from lark import Token, Tree

    def enc(n: Any) -> Any:
        if isinstance(n, Tree):
            m = n.meta
            meta = None if getattr(m, "empty", True) else (m.line, m.column, m.end_line, m.end_column,
                                                           getattr(m, "start_pos", None), getattr(m, "end_pos", None))
            return (str(n.data), meta, [enc(c) for c in n.children])
        if isinstance(n, Token):
            return (n.type, str(n), n.start_pos, n.line, n.column, n.end_line, n.end_column, n.end_pos)
        if n is None or isinstance(n, str | int | float | bool):
            return n
        raise TypeError(f"unexpected node {type(n).__name__}")

    return enc(node)


def decode_tree(data: Any) -> Any:
    from lark import Token, Tree
    from lark.tree import Meta

    new_token = Token._future_new  # the keyword-free constructor

    def dec(x: Any) -> Any:
        if not isinstance(x, tuple):
            return x
        if len(x) == 3:
            name, meta, children = x
            m = None
            if meta is not None:
                m = Meta()
                m.line, m.column, m.end_line, m.end_column, m.start_pos, m.end_pos = meta
                m.empty = False
            return Tree(name, [dec(c) for c in children], m)
        return new_token(*x)

    return dec(data)


# -- one file ------------------------------------------------------------------------------------


def _parse_text(display: str, path: str, text: str, kind: str) -> tuple[list[tuple[str, Any, int, str | None]], list[LoadProblem]]:
    from ekslint.load.yaml_docs import load_text_file

    docs, probs = load_text_file(SourceFile(Path(path), display, text), kind)
    return [(d.kind, d.root, d.index, d.api_version) for d in docs], list(probs)


def _parse_tf(text: str) -> tuple[str, Any]:
    from ekslint.load import hcl_eval as h

    try:
        return "tree", encode_tree(h.parse(text))
    except h.HclSyntaxError as e:
        return "syntax", (str(e), e.line, e.col)


def parse_item(item: Item) -> tuple[str, Any]:
    """("text", (docs, problems)) | ("tree", encoded) | ("syntax", (message, line, col)) | ("error", traceback)."""
    kind, display, path, text = item
    try:
        if kind == _TF:
            return _parse_tf(text)
        return "text", _parse_text(display, path, text, kind)
    except Exception:
        return "error", traceback.format_exc()


def _parse_batch(items: Sequence[Item]) -> list[tuple[str, Any]]:
    return [parse_item(i) for i in items]


# -- the run -------------------------------------------------------------------------------------


@dataclass
class Preloaded:
    text: dict[str, tuple[list[tuple[str, Any, int, str | None]], list[LoadProblem]]] = field(default_factory=dict)
    trees: dict[str, Any] = field(default_factory=dict)  # display -> Lark tree or HclSyntaxError
    workers: int = 0  # processes used (0: none)

    def load_text_file(self, sf: SourceFile, kind: str) -> tuple[list[Document], list[LoadProblem]]:
        got = self.text.get(sf.display)
        if got is None:
            from ekslint.load.yaml_docs import load_text_file

            return load_text_file(sf, kind)
        docs, probs = got
        return [Document(sf, k, root, index, api) for k, root, index, api in docs], list(probs)


def _key(cache: ParseCache, item: Item) -> str:
    kind, display, _path, text = item
    if kind == _TF:
        return cache.key("hcl", text)
    return cache.key("text", text, kind, display, Path(display).suffix.lower())


def _store(pre: Preloaded, item: Item, result: tuple[str, Any], cache: ParseCache | None, key: str | None) -> bool:
    """Keep a result; False when the file must be parsed again in this process (a worker raised)."""
    tag, value = result
    display = item[1]
    if tag == "text":
        pre.text[display] = value
    elif tag == "tree":
        pre.trees[display] = decode_tree(value)
    elif tag == "syntax":
        from ekslint.load.hcl_eval import HclSyntaxError

        pre.trees[display] = HclSyntaxError(*value)
    else:
        return False
    if cache is not None and key is not None:
        cache.put(key, result, use_marshal=tag != "text")
    return True


def _from_cache(pre: Preloaded, item: Item, value: Any) -> bool:
    from ekslint.values import V

    try:
        tag, payload = value
        if tag == "tree" and item[0] == _TF:
            tree = decode_tree(payload)
            if getattr(tree, "data", None) != "start":
                return False
            pre.trees[item[1]] = tree
        elif tag == "syntax" and item[0] == _TF:
            from ekslint.load.hcl_eval import HclSyntaxError

            msg, line, col = payload
            pre.trees[item[1]] = HclSyntaxError(str(msg), int(line), int(col))
        elif tag == "text" and item[0] != _TF:
            docs, probs = payload
            docs = [(str(k), root, int(i), api) for k, root, i, api in docs]
            if not all(isinstance(d[1], V) for d in docs) or not all(isinstance(p, LoadProblem) for p in probs):
                return False
            pre.text[item[1]] = (docs, list(probs))
        else:
            return False
        return True
    except Exception:  # an entry of an unexpected shape: parse again
        return False


def preload(
    candidates: Sequence[tuple[SourceFile | LoadProblem, str]],
    *,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
    jobs: int | None = None,
) -> Preloaded:
    """Parse the readable candidates (see the module docs). Never raises for a file's sake."""
    from ekslint.cache import MISS

    pre = Preloaded()
    items: list[Item] = [
        (_TF if kind == "terragrunt" else kind, sf.display, str(sf.path), sf.text)  # Terragrunt: HCL too
        for sf, kind in candidates
        if isinstance(sf, SourceFile) and kind not in _SKIP and sf.display != "-"
        and not (kind == _TF and sf.path.name.lower().endswith(".tf.json"))  # JSON: read by the extractor, never the HCL parser
    ]
    if progress is not None:
        progress.phase("reading files", len(items))
    todo: list[tuple[Item, str | None]] = []
    for item in items:
        key = _key(cache, item) if cache is not None else None
        if cache is not None and key is not None:
            value = cache.get(key)
            if value is not MISS and _from_cache(pre, item, value):
                if progress is not None:
                    progress.advance()
                continue
        todo.append((item, key))

    if jobs is None:
        env = os.environ.get("EKSLINT_JOBS", "").strip()
        jobs = int(env) if env.isdigit() else cpu_count()
    jobs = max(1, min(jobs, MAX_JOBS))
    if jobs > 1 and len(todo) > PARALLEL_MIN_FILES:
        todo = _in_pool(pre, todo, jobs, cache, progress)
    for item, key in todo:
        _parse_here(pre, item, cache, key)
        if progress is not None:
            progress.advance()
    return pre


def _parse_here(pre: Preloaded, item: Item, cache: ParseCache | None, key: str | None) -> None:
    """Parse one file in this process (a file whose parser raises is left to the engine, which reports it)."""
    kind, display, _path, text = item
    if kind != _TF:
        _store(pre, item, parse_item(item), cache, key)
        return
    from ekslint.load import hcl_eval as h

    try:
        tree = h.parse(text)
    except h.HclSyntaxError as e:
        _store(pre, item, ("syntax", (str(e), e.line, e.col)), cache, key)
        return
    except Exception:
        return
    pre.trees[display] = tree
    if cache is not None and key is not None and cache.writable:
        try:
            cache.put(key, ("tree", encode_tree(tree)), use_marshal=True)
        except Exception:
            cache.writable = False


def _in_pool(
    pre: Preloaded, todo: list[tuple[Item, str | None]], jobs: int, cache: ParseCache | None, progress: Progress | None
) -> list[tuple[Item, str | None]]:
    """Parse `todo` with worker processes; return what is left to parse here (all of it on failure).

    The workers parse the YAML / user-data files (their results come back cheaply: pickled ``V``
    trees load ten times faster than they parse) while this process parses the Terraform files
    (a Lark tree costs half its parse time to rebuild, so sending it back would gain little)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    text = [entry for entry in todo if entry[0][0] != _TF]
    here = [entry for entry in todo if entry[0][0] == _TF]
    size = max(8, min(64, len(text) // (jobs * 8) or 1))
    batches = [text[i : i + size] for i in range(0, len(text), size)]
    done = 0
    try:
        # fork on Linux (no re-import in the workers); the platform's default elsewhere (macOS: spawn)
        ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else None)
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            results = pool.map(_parse_batch, [[item for item, _ in b] for b in batches])
            while here:
                item, key = here.pop(0)
                _parse_here(pre, item, cache, key)
                if progress is not None:
                    progress.advance()
            for batch, res in zip(batches, results, strict=True):
                for (item, key), r in zip(batch, res, strict=True):
                    _store(pre, item, r, cache, key)
                done += 1
                if progress is not None:
                    progress.advance(len(batch))
        pre.workers = jobs
        return []
    except Exception:  # the pool could not start or broke: parse the rest here
        return here + [entry for b in batches[done:] for entry in b]
