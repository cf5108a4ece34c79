"""The compact schema language: what each key of a document may hold.

A schema is a tree of small immutable types:

* `Scalar`: ``STR``, ``INT``, ``NUM``, ``BOOL``, ``INT_OR_STR`` (Kubernetes ``int-or-string``),
  ``ANY`` (free-form: never looked into) and ``MAP`` (a mapping whose contents are free-form:
  labels, tags, annotations).
* `Enum`: a string from a fixed set (optionally compared without case).
* `ListOf` / `MapOf`: a list, or a mapping with free keys, of one type.
* `Obj`: a mapping with a fixed set of keys. ``lenient`` marks objects whose reader drops unknown
  keys instead of rejecting them.
* `OneOf`: the first option whose shape (mapping, list, scalar) fits the value.

Field lists live in `ekslint.schema.eksctl`, `ekslint.schema.nodeconfig` and
`ekslint.schema.karpenter`; the checker is `ekslint.schema.check`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Scalar:
    kind: str  # str | int | num | bool | int-or-str | any | map

    @property
    def label(self) -> str:
        return _LABELS[self.kind]


_LABELS = {
    "str": "a string",
    "int": "an integer",
    "num": "a number",
    "bool": "a boolean (true or false, unquoted)",
    "int-or-str": "an integer or a string",
    "any": "any value",
    "map": "a mapping",
}

STR = Scalar("str")
INT = Scalar("int")
NUM = Scalar("num")
BOOL = Scalar("bool")
INT_OR_STR = Scalar("int-or-str")
ANY = Scalar("any")
MAP = Scalar("map")


@dataclass(frozen=True, slots=True)
class Enum:
    values: tuple[str, ...]
    ignore_case: bool = False

    @property
    def label(self) -> str:
        return "one of " + ", ".join(f"`{v}`" for v in self.values)

    def accepts(self, text: str) -> bool:
        if self.ignore_case:
            return text.lower() in (v.lower() for v in self.values)
        return text in self.values


@dataclass(frozen=True, slots=True)
class ListOf:
    item: Type
    label: str = "a list"


@dataclass(frozen=True, slots=True)
class MapOf:
    value: Type
    label: str = "a mapping"


@dataclass(frozen=True)
class Obj:
    fields: Mapping[str, Type]
    lenient: bool = False
    label: str = "a mapping"
    lower: Mapping[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lower", {k.lower(): k for k in self.fields})

    def __hash__(self) -> int:
        return id(self)


@dataclass(frozen=True, slots=True)
class OneOf:
    options: tuple[Type, ...]

    @property
    def label(self) -> str:
        return " or ".join(dict.fromkeys(o.label for o in self.options))


Type = Scalar | Enum | ListOf | MapOf | Obj | OneOf


def obj(fields: Mapping[str, Type], *, lenient: bool = False) -> Obj:
    return Obj(dict(fields), lenient=lenient)


def list_of(item: Type) -> ListOf:
    return ListOf(item)


def map_of(value: Type) -> MapOf:
    return MapOf(value)


def enum(*values: str, ignore_case: bool = False) -> Enum:
    return Enum(tuple(values), ignore_case)


def one_of(*options: Type) -> OneOf:
    return OneOf(tuple(options))


def extend(base: Obj, extra: Mapping[str, Type]) -> Obj:
    """A copy of `base` with more (or replaced) fields."""
    return Obj({**base.fields, **extra}, lenient=base.lenient)


def lookup(schema: Type, keys: tuple[str, ...]) -> Type | None:
    """The type at a path of mapping keys (list levels are stepped through), None when unknown."""
    if not keys:
        return schema
    cur: Type = schema
    while isinstance(cur, ListOf):
        cur = cur.item
    if isinstance(cur, MapOf):
        return lookup(cur.value, keys[1:])  # the first key is the map's own, free key
    if isinstance(cur, OneOf):
        found = (lookup(o, keys) for o in cur.options)
        return next((f for f in found if f is not None), None)
    if not isinstance(cur, Obj) or keys[0] not in cur.fields:
        return None
    return lookup(cur.fields[keys[0]], keys[1:])
