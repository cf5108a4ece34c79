"""README.md stays true: the generated rules table, the commands it tells users to run."""

from __future__ import annotations

import re
from pathlib import Path

from ekslint.cli import rules_markdown
from ekslint.rules import all_rules

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
START, END = "<!-- rules-table:start -->", "<!-- rules-table:end -->"

INSTALL_AND_RUN = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/ekslint check examples/"
TEST = "python3 -m venv .venv && .venv/bin/pip install '.[test]' && .venv/bin/python -m pytest -q"


def test_rules_table_is_current() -> None:
    assert README.count(START) == 1 and README.count(END) == 1
    table = README.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"
    expected = rules_markdown(all_rules())
    assert table == expected, (
        "The rules table in README.md is stale. Regenerate it with `python scripts/update_readme.py` "
        "(it writes `ekslint rules --format markdown` between the rules-table markers)."
    )


def test_every_rule_is_in_the_table() -> None:
    table = README.split(START, 1)[1].split(END, 1)[0]
    for unit in all_rules():
        assert f"| {unit.id} | `{unit.rule.name}` |" in table


def test_commands_are_one_line_each() -> None:
    lines = README.splitlines()
    assert INSTALL_AND_RUN in lines
    assert TEST in lines


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    pytest_part = TEST.split("&& .venv/bin/", 2)[-1]  # "python -m pytest -q"
    assert pytest_part == "python -m pytest -q"
    assert re.search(r'"\$venv/bin/python" -m pytest -q(\s|$)', ci), ".ci/run must run the README's pytest command"
    assert "pip install" in ci and "'.[test]'" in ci


def test_examples_exist() -> None:
    assert (ROOT / "examples").is_dir()
    kinds = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "examples").rglob("*.yaml"))
    for kind in ("kind: ClusterConfig", "name: aws-auth", "kind: NodeConfig", "kind: EC2NodeClass", "kind: NodePool"):
        assert kind in kinds


def test_workflow_snippet_uploads_sarif() -> None:
    assert "--format sarif" in README
    assert "github/codeql-action/upload-sarif@" in README
    assert "category: ekslint" in README


def test_pre_commit_hook_definition() -> None:
    hooks = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "- id: ekslint" in hooks
    assert "entry: ekslint check" in hooks
    assert "language: python" in hooks
    assert "pass_filenames: true" in hooks
    files = re.search(r"^\s*files: (.+)$", hooks, re.M)
    assert files is not None
    pattern = re.compile(files.group(1).strip())
    for name in ("cluster.yaml", "a.yml", "x.json", "main.tf", "prod.tfvars", "userdata.txt", "bootstrap.sh"):
        assert pattern.search(name), name
    for name in ("README.md", "main.py", "Makefile"):
        assert not pattern.search(name), name
