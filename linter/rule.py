"""The rule unit: metadata, docs taken from the rule module's docstring, and a check function.

Every rule module defines ``RULE = Rule(...)`` and ``def check(ctx: Context) -> Iterator[Finding]``.
The module docstring is the rule's documentation; its first line is the summary and it has the
sections *What it does*, *Why is this bad*, *Example*, *Use instead* and *References*.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING

from ekslint.findings import Finding, Severity
from ekslint.values import Span, V

if TYPE_CHECKING:
    from ekslint.context import Context

DOC_SECTIONS = ("What it does", "Why is this bad", "Example", "Use instead", "References")
RULE_ID = re.compile(r"^EKS\d{3}$")


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    severity: Severity
    tags: tuple[str, ...] = ()
    precision: str = "high"  # SARIF: very-high | high | medium | low
    security_severity: str | None = None  # SARIF security-severity, for security matters

    def finding(
        self,
        where: V | Span | None,
        message: str,
        *,
        severity: Severity | None = None,
        related: Iterable[V | Span | None] = (),
    ) -> Finding | None:
        """Build a finding at the value's (or span's) location; None if no location is known."""
        span = where.where() if isinstance(where, V) else where
        if span is None:
            return None
        rel = tuple(s for s in ((r.where() if isinstance(r, V) else r) for r in related) if s is not None)
        return Finding(self.id, severity or self.severity, message, span, rel)


@dataclass
class RuleUnit:
    """A loaded rule: its metadata, docs and check function."""

    rule: Rule
    doc: str
    check: Callable[[Context], Iterator[Finding | None]]
    module: str = field(default="")

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0].strip() if self.doc.strip() else self.rule.name

    def section(self, name: str) -> str:
        """The text of one `## name` section of the docs."""
        m = re.search(rf"^## {re.escape(name)}\s*\n(.*?)(?=^## |\Z)", self.doc, re.S | re.M)
        return m.group(1).strip() if m else ""

    @classmethod
    def from_module(cls, mod: ModuleType) -> RuleUnit:
        import inspect

        return cls(rule=mod.RULE, doc=inspect.cleandoc(mod.__doc__ or ""), check=mod.check, module=mod.__name__)
