"""Select positioned values of a document with JSONPath (jsonpath-ng).

Document rules say *which* nodes they look at with an expression such as
``$.managedNodeGroups[*].privateNetworking``; `select` returns the matching `V` values, with
their positions. Expressions are compiled once and cached.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ekslint.values import V


@lru_cache(maxsize=256)
def _compile(expr: str) -> Any:
    from jsonpath_ng import parse

    return parse(expr)


def _shadow(v: V, index: dict[int, V]) -> Any:
    """Plain data mirroring `v`; containers are mapped back to their V through `index`."""
    if v.is_map:
        out: Any = {k: _shadow(c, index) for k, c in v.items()}
    elif v.is_list:
        out = [_shadow(c, index) for c in v.list()]
    else:
        return v.value
    index[id(out)] = v
    return out


def select(root: V, expr: str) -> list[V]:
    """Every value of `root` matched by the JSONPath `expr`, in document order."""
    index: dict[int, V] = {}
    data = _shadow(root, index)
    out: list[V] = []
    for match in _compile(expr).find(data):
        found = index.get(id(match.value))
        if found is None and match.context is not None:
            parent = index.get(id(match.context.value))
            step = getattr(match.path, "fields", None) or getattr(match.path, "index", None)
            if parent is not None and isinstance(step, tuple) and step:
                found = parent.get(step[0])
            elif parent is not None and isinstance(step, int):
                found = parent.get(step)
        if found is not None:
            out.append(found)
    return out
