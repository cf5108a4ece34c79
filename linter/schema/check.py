"""Compare a positioned document (`V` tree) with a schema and list what does not fit.

The checker reads values the way the Go tools decode them: YAML is turned into JSON and then
decoded into typed fields, so a quoted ``"true"`` is a string (not a boolean), a number is not a
string, and a mapping is not a list. ``null`` fits every field. It never looks into free-form
subtrees (`ANY`, `MAP`), never judges unknown values, placeholders (``${VAR}``, ``<name>``) or
values that do not come from YAML (Terraform expressions are converted by Terraform itself), and
reports each problem once, at the most precise position.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from ekslint.schema.types import ANY, MAP, Enum, ListOf, MapOf, Obj, OneOf, Scalar, Type
from ekslint.values import V, is_placeholder

UNKNOWN = "unknown"  # a key the schema does not have
TYPE = "type"  # a value of the wrong type
ENUM = "enum"  # a string outside the allowed set


@dataclass(frozen=True)
class Problem:
    kind: str  # UNKNOWN | TYPE | ENUM
    value: V  # the offending value (for UNKNOWN, the unknown key's value)
    path: str  # where it sits: "nodeGroups[0].ssh" (the parent for UNKNOWN, the value otherwise)
    keys: tuple[str, ...]  # mapping keys from the root to the value, without list indexes
    expected: Type | None = None  # TYPE / ENUM: the type the schema wants; UNKNOWN: the parent object
    key: str | None = None  # UNKNOWN: the key as written
    suggestion: str | None = None  # the closest known key (UNKNOWN) or allowed value (ENUM)
    case_only: bool = False  # UNKNOWN: the key differs from a known one only in letter case

    @property
    def where(self) -> V:
        return self.value

    def describe_found(self) -> str:
        return describe(self.value)


def describe(v: V) -> str:
    """How a value reads to the decoder: `a mapping`, `the quoted string "true"`, `the number 3`."""
    val = v.value
    if isinstance(val, dict):
        return "a mapping"
    if isinstance(val, list):
        return "a list"
    if isinstance(val, bool):
        return f"the boolean {'true' if val else 'false'}"
    if isinstance(val, int | float):
        return f"the number {val!r}"
    if isinstance(val, str):
        shown = val if len(val) <= 40 else val[:37] + "..."
        return f"the {'quoted ' if v.quoted else ''}string \"{shown}\""
    return "a value"


def closest(word: str, candidates: list[str] | tuple[str, ...]) -> str | None:
    """The candidate `word` most likely means: same letters in another case, else difflib's best match."""
    low = word.lower()
    for c in candidates:
        if c.lower() == low:
            return c
    found = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    if found:
        return found[0]
    found = difflib.get_close_matches(low, [c.lower() for c in candidates], n=1, cutoff=0.6)
    if found:
        return next(c for c in candidates if c.lower() == found[0])
    # `subnetId` for `id`, `clusterName` for `name`: a known field with a prefix or suffix added
    affixed = [c for c in candidates if len(c) >= 2 and (low.endswith(c.lower()) or low.startswith(c.lower()))]
    return max(affixed, key=len) if affixed else None


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _skip(v: V | None) -> bool:
    return v is None or not v.known or v.value is None


def _placeholder(v: V) -> bool:
    """A value to be filled in later: ``${VAR}``, ``<name>``, or documentation's elision ``...``."""
    return isinstance(v.value, str) and (is_placeholder(v.value) or v.value.strip() in ("...", "\u2026"))


def _shape_fits(t: Type, v: V) -> bool:
    if isinstance(t, Obj | MapOf) or t == MAP:
        return v.is_map
    if isinstance(t, ListOf):
        return v.is_list
    if t == ANY:
        return True
    return not v.is_map and not v.is_list


def _scalar_ok(t: Scalar, val: object) -> bool:
    kind = t.kind
    if kind == "str":
        return isinstance(val, str)
    if kind == "bool":
        return isinstance(val, bool)
    if isinstance(val, bool):
        return False
    if kind == "int":
        return isinstance(val, int) or (isinstance(val, float) and val.is_integer())
    if kind == "num":
        return isinstance(val, int | float)
    if kind == "int-or-str":
        return isinstance(val, int | str)
    return True


def check(root: V | None, schema: Type, path: str = "") -> list[Problem]:
    """Every problem of `root` against `schema`, in document order."""
    out: list[Problem] = []
    if root is not None:
        _walk(root, schema, path, (), out)
    return out


def _walk(v: V, t: Type, path: str, keys: tuple[str, ...], out: list[Problem]) -> None:
    if _skip(v) or t == ANY:
        return
    if isinstance(t, OneOf):
        fit = next((o for o in t.options if _shape_fits(o, v)), None)
        if fit is None:
            _type_problem(v, t, path, keys, out)
            return
        t = fit
    if isinstance(t, Obj):
        if not v.is_map:
            _type_problem(v, t, path, keys, out)
            return
        _walk_obj(v, t, path, keys, out)
    elif isinstance(t, ListOf):
        if not v.is_list:
            _type_problem(v, t, path, keys, out)
            return
        for i, item in enumerate(v.value):
            _walk(item, t.item, f"{path}[{i}]", keys, out)
    elif isinstance(t, MapOf):
        if not v.is_map:
            _type_problem(v, t, path, keys, out)
            return
        for k, item in v.items():
            _walk(item, t.value, _join(path, k), (*keys, k), out)
    elif t == MAP:
        if not v.is_map:
            _type_problem(v, t, path, keys, out)
    elif isinstance(t, Enum):
        _check_enum(v, t, path, keys, out)
    elif isinstance(t, Scalar) and (v.is_map or v.is_list or not _scalar_ok(t, v.value)):
        _type_problem(v, t, path, keys, out)


def _walk_obj(v: V, t: Obj, path: str, keys: tuple[str, ...], out: list[Problem]) -> None:
    for k, child in v.items():
        ft = t.fields.get(k)
        if ft is not None:
            _walk(child, ft, _join(path, k), (*keys, k), out)
            continue
        if is_placeholder(k) or (child is not None and not child.known and not k):
            continue
        suggestion = closest(k, tuple(t.fields))
        case_only = k.lower() in t.lower
        if case_only and t.lenient:
            continue  # decoded by encoding/json alone, which matches names without regard to case
        out.append(Problem(UNKNOWN, child, path, (*keys, k), t, key=k, suggestion=suggestion, case_only=case_only))


def _bracket_placeholder(v: V) -> bool:
    """`[INSERT_AMI_ID]`: documentation's stand-in for a value, which YAML reads as a one-item list."""
    if not v.is_list or len(v.value) != 1:
        return False
    item = v.value[0]
    return isinstance(item.value, str) and (is_placeholder(item.value) or re.fullmatch(r"[A-Z][A-Z0-9_ -]+", item.value)
                                            is not None)


def _type_problem(v: V, t: Type, path: str, keys: tuple[str, ...], out: list[Problem]) -> None:
    scalar = not v.is_map and not v.is_list
    if scalar and (v.quoted is None or _placeholder(v)):
        return  # not from YAML (converted by Terraform), or filled in later
    if _bracket_placeholder(v) and not isinstance(t, ListOf):
        return
    out.append(Problem(TYPE, v, path, keys, t))


def _check_enum(v: V, t: Enum, path: str, keys: tuple[str, ...], out: list[Problem]) -> None:
    if v.is_map or v.is_list or not isinstance(v.value, str):
        _type_problem(v, t, path, keys, out)
        return
    if _placeholder(v) or t.accepts(v.value) or "|" in v.value:
        return  # `A | B`: documentation listing the choices
    out.append(Problem(ENUM, v, path, keys, t, suggestion=closest(v.value, t.values)))
