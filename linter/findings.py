"""Severities and findings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

from ekslint.values import Span

# the end of the message of a finding inside a local Terraform module: "... (in the module
# instance called at main.tf:14 → modules/platform/main.tf:5)"
CALLED_AT = " (in the module instance called at "


class Severity(IntEnum):
    """error: rejected by the API / eksctl, or the node will not join.
    warning: fails under common conditions (another region, a private VPC, a recreated role).
    note: advice."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        return cls[text.strip().upper()]


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    severity: Severity
    message: str
    span: Span
    related: tuple[Span, ...] = field(default=())
    # None while active; an `ekslint.report.Suppression` once an inline comment, the config or a
    # baseline suppresses it (not part of equality: a suppressed finding is the same finding)
    suppression: Any = field(default=None, compare=False)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.span.file, self.span.line, self.span.col, self.rule_id, self.message)
