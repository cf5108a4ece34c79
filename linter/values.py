"""Positioned values: every value ekslint reads keeps where it came from and whether it is known.

A `V` wraps one value of a parsed document (YAML, JSON, HCL after evaluation, YAML nested in a
string). Mappings hold ``dict[str, V]``, sequences ``list[V]``, scalars their Python value.

A Terraform expression that cannot be evaluated offline gives ``V(known=False)``. Rules must
treat unknown values as "could be anything" and stay silent. Two extras help rules without
guessing:

* ``ref``: the Terraform address an unknown value points at (``aws_iam_role.node.arn``), so a
  rule can resolve the resource even when the string is not known.
* ``partial``: a string template whose unknown parts are replaced by `UNKNOWN_CHAR`, so the
  known parts (``arn:aws:iam::\uffff:role/nodes``) can still be read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

UNKNOWN_CHAR = "\uffff"
# a Terraform reference handed to a local module reads "<caller's reference> (passed to module.x)";
# one made inside an instance of a local module reads "module.x :: <reference>"
PASSED = " (passed to "
INSTANCE = " :: "


def plain_ref(ref: str | None) -> str | None:
    """The reference as written in its file (without the local module instance it belongs to,
    and, for a reference handed to a local module, as the caller wrote it)."""
    if not ref:
        return ref
    return ref.split(PASSED, 1)[0].rsplit(INSTANCE, 1)[-1]


@dataclass(frozen=True, slots=True)
class Span:
    """A region of a file: 1-based lines and columns, end inclusive of the last character."""

    file: str
    line: int
    col: int = 1
    end_line: int = 0
    end_col: int = 0
    # for a line inside a local Terraform module: the ``module`` blocks that instantiate it,
    # innermost call last (empty elsewhere)
    via: tuple[Span, ...] = ()

    def __post_init__(self) -> None:
        if self.end_line < self.line:
            object.__setattr__(self, "end_line", self.line)
        if self.end_line == self.line and self.end_col < self.col:
            object.__setattr__(self, "end_col", self.col)

    def with_via(self, via: tuple[Span, ...]) -> Span:
        """The same region, reached through the module calls `via`."""
        return Span(self.file, self.line, self.col, self.end_line, self.end_col, via)

    def plain(self) -> Span:
        """The same region without module calls."""
        return Span(self.file, self.line, self.col, self.end_line, self.end_col) if self.via else self


class V:
    """One positioned value. See the module docstring."""

    __slots__ = ("key_span", "known", "origin", "partial", "quoted", "ref", "span", "value")

    def __init__(
        self,
        value: Any,
        span: Span | None,
        *,
        key_span: Span | None = None,
        known: bool = True,
        ref: str | None = None,
        partial: str | None = None,
        quoted: bool | None = None,
        origin: V | None = None,
    ) -> None:
        self.value = value if known else None
        self.span = span
        self.key_span = key_span
        self.known = known
        self.ref = ref
        self.partial = partial
        self.quoted = quoted  # YAML: was the scalar written quoted? None when not YAML.
        self.origin = origin  # the structured value an encoded string was made from

    def __repr__(self) -> str:
        where = f"@{self.span.line}:{self.span.col}" if self.span else ""
        if not self.known:
            return f"V(unknown{' ref=' + self.ref if self.ref else ''}{where})"
        return f"V({self.value!r}{where})"

    # -- shape -------------------------------------------------------------------------------
    @property
    def is_map(self) -> bool:
        return self.known and isinstance(self.value, dict)

    @property
    def is_list(self) -> bool:
        return self.known and isinstance(self.value, list)

    @property
    def is_str(self) -> bool:
        return self.known and isinstance(self.value, str)

    def get(self, *path: str | int) -> V | None:
        """Walk mapping keys / list indexes; None when any step is missing or not known."""
        cur: V | None = self
        for step in path:
            if cur is None or not cur.known:
                return None
            if isinstance(step, int):
                if not isinstance(cur.value, list) or not -len(cur.value) <= step < len(cur.value):
                    return None
                cur = cur.value[step]
            else:
                if not isinstance(cur.value, dict):
                    return None
                cur = cur.value.get(step)
        return cur

    def str(self, *path: str | int) -> str | None:
        """The known string at `path` (numbers are not converted), else None."""
        v = self.get(*path) if path else self
        if v is not None and v.known and isinstance(v.value, str):
            return v.value
        return None

    def scalar(self, *path: str | int) -> Any:
        """The known scalar at `path` (str, int, float, bool), else None."""
        v = self.get(*path) if path else self
        if v is not None and v.known and isinstance(v.value, str | int | float | bool):
            return v.value
        return None

    def items(self) -> Iterator[tuple[str, V]]:
        if self.is_map:
            yield from self.value.items()

    def list(self) -> list[V]:
        return list(self.value) if self.is_list else []

    def where(self) -> Span | None:
        """The most precise location: the value's own span, else its key's."""
        return self.span or self.key_span

    def plain(self) -> Any:
        """The value as plain Python data (unknown values become None)."""
        if not self.known:
            return None
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, list):
            return [v.plain() for v in self.value]
        return self.value


def known_str(v: V | None) -> str | None:
    """A known string value, or None."""
    return v.value if v is not None and v.known and isinstance(v.value, str) else None


def known_bool(v: V | None) -> bool | None:
    """A known boolean, also from the strings "true"/"false" (Terraform coerces them)."""
    if v is None or not v.known:
        return None
    if isinstance(v.value, bool):
        return v.value
    if isinstance(v.value, str) and v.value.lower() in ("true", "false"):
        return v.value.lower() == "true"
    return None


def text_of(v: V | None) -> str | None:
    """The known text of a value, or its partial template when only parts are known."""
    if v is None:
        return None
    if v.known and isinstance(v.value, str):
        return v.value
    return v.partial


_SHELL_VAR = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*")


def is_placeholder(text: str | None) -> bool:
    """True for text that is a template to be filled in later (envsubst, Helm, docs placeholders)."""
    if text is None:
        return True
    if _SHELL_VAR.search(text):
        return True
    return UNKNOWN_CHAR in text or "${" in text or ("{{" in text and "}}" in text and not _is_auth_template(text)) or (
        "<" in text and ">" in text
    )


def _is_auth_template(text: str) -> bool:
    # aws-auth / access-entry usernames legitimately contain {{EC2PrivateDNSName}} and friends
    return re.fullmatch(r"[^{}]*(\{\{(EC2PrivateDNSName|AccountID|SessionName|SessionNameRaw|AccessKeyID)\}\}[^{}]*)+", text) is not None
