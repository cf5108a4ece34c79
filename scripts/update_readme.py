"""Regenerate the rules table of README.md from the rule registry.

Usage: python scripts/update_readme.py [--check]

Writes the output of `ekslint rules --format markdown` between the
`<!-- rules-table:start -->` and `<!-- rules-table:end -->` markers. With --check, changes
nothing and exits 1 when the table is stale.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
START = "<!-- rules-table:start -->"
END = "<!-- rules-table:end -->"


def rules_table() -> str:
    from ekslint.cli import rules_markdown
    from ekslint.rules import all_rules

    return rules_markdown(all_rules())


def with_table(readme: str, table: str) -> str:
    head, sep, rest = readme.partition(START)
    _, sep2, tail = rest.partition(END)
    if not sep or not sep2:
        raise SystemExit(f"README.md lacks the {START} / {END} markers")
    return f"{head}{START}\n{table}{END}{tail}"


def main(argv: list[str]) -> int:
    current = README.read_text(encoding="utf-8")
    updated = with_table(current, rules_table())
    if "--check" in argv:
        if updated != current:
            print("README.md rules table is stale; run: python scripts/update_readme.py", file=sys.stderr)
            return 1
        return 0
    if updated != current:
        README.write_text(updated, encoding="utf-8")
        print("README.md rules table updated")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
