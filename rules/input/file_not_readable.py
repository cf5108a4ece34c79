"""A file that is not readable as text.

## What it does
Reports files named like configuration (`.yaml`, `.tf`, ...) that ekslint could not read as
UTF-8 text: binary content, invalid UTF-8, files over 5 MB, sockets or pipes. They are skipped;
the other files are still checked.

## Why is this bad
The tools that consume these files (eksctl, kubectl, Terraform) read UTF-8 text; a file that is
not text is usually committed by mistake, and nothing in it is checked.

## Example
A `cluster.yaml` saved as UTF-16 by an editor.

## Use instead
Save the file as UTF-8 (a byte-order mark is accepted).

## References
- YAML 1.2 specification, 5.2 Character Encodings
- Terraform configuration syntax: files must be UTF-8
"""

from __future__ import annotations

from collections.abc import Iterator

from ekslint.context import Context
from ekslint.findings import Finding, Severity
from ekslint.rule import Rule

RULE = Rule("EKS002", "file-not-readable", Severity.WARNING, tags=("input",), precision="very-high")


def check(ctx: Context) -> Iterator[Finding | None]:
    for p in getattr(ctx, "problems", []):
        if p.code == RULE.id:
            yield RULE.finding(p.span, f"{p.message}; save it as UTF-8 text or exclude it from the check")
