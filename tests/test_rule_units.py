"""Every registered rule is a complete rule unit: id, docs, fixtures and a test naming it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ekslint.rule import DOC_SECTIONS, RULE_ID
from ekslint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
RULES = all_rules()
# rules whose findings come from the loaders, tested in tests/test_input_rules.py
TEST_TEXT = "\n".join(p.read_text() for p in (ROOT / "tests").rglob("test_*.py"))


def test_ids_and_names_are_unique() -> None:
    assert len({r.id for r in RULES}) == len(RULES)
    assert len({r.rule.name for r in RULES}) == len(RULES)


@pytest.mark.parametrize("unit", RULES, ids=lambda u: u.id)
def test_rule_unit_is_complete(unit) -> None:
    assert RULE_ID.match(unit.id)
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", unit.rule.name)
    assert unit.summary and not unit.summary.startswith("#")
    for section in DOC_SECTIONS:
        assert unit.section(section), f"{unit.id} lacks a '## {section}' section"
    for which in ("bad", "good"):
        d = ROOT / "fixtures" / unit.id / which
        assert d.is_dir() and any(p.is_file() for p in d.rglob("*")), f"{unit.id} lacks fixtures/{unit.id}/{which}"
    assert f'"{unit.id}"' in TEST_TEXT, f"no test names {unit.id}"
