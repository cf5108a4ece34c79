"""The command line: exit codes, options, output formats, rule docs, the fast path."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ekslint import __version__, cli
from ekslint.rule import DOC_SECTIONS
from ekslint.rules import all_rules, get_rule

DATA = Path(__file__).resolve().parent / "data" / "cli"


@pytest.fixture(autouse=True)
def _in_data_dir(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(DATA)


def run(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, stdin: bytes | None = None
) -> tuple[int, str, str]:
    """Run the `ekslint` entry point in-process: (exit code, stdout, stderr)."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    with pytest.raises(SystemExit) as exc:
        cli.main(args)
    out, err = capsys.readouterr()
    code = exc.value.code
    return (code if isinstance(code, int) else (0 if code is None else 1)), out, err


@pytest.fixture
def ek(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Any:
    def _run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        return run(list(args), capsys, monkeypatch, stdin)

    return _run


# -- exit codes ------------------------------------------------------------------------------------


def test_clean_tree_exits_0(ek: Any) -> None:
    code, out, _ = ek("check", "clean", "--select", "EKS001")
    assert code == 0
    assert out == "1 file checked: no problems found.\n"


def test_error_exits_1_with_location_source_line_and_caret(ek: Any) -> None:
    code, out, _ = ek("check", "broken", "--select", "EKS001")
    assert code == 1
    lines = out.splitlines()
    assert lines[0].startswith("broken/cluster.yaml:5:10: EKS001 [error] ")
    assert lines[1] == "    5 |    region: us-east-1"
    assert lines[2] == "      |          ^"
    assert lines[-1] == "1 file checked: 1 error, 0 warnings, 0 notes."


def test_default_path_is_the_working_directory(ek: Any) -> None:
    code, out, _ = ek("check", "--select", "EKS001", "--fail-on", "never", "-q")
    assert code == 0
    assert "broken/cluster.yaml:5:10: EKS001 [error]" in out
    assert "mixed/cluster.yaml:5:10: EKS001 [error]" in out


@pytest.mark.parametrize(
    ("fail_on", "expected"),
    [("error", 1), ("warning", 1), ("note", 1), ("never", 0)],
)
def test_fail_on_with_an_error(ek: Any, fail_on: str, expected: int) -> None:
    assert ek("check", "mixed", "--select", "EKS001", "--fail-on", fail_on)[0] == expected


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 0), ("note", 1), ("never", 0)])
def test_fail_on_with_only_a_note(ek: Any, fail_on: str, expected: int) -> None:
    code, out, _ = ek("check", "helm", "--select", "EKS001", "--fail-on", fail_on)
    assert code == expected
    assert "helm/nodepool.yaml:1:3: EKS001 [note]" in out


@pytest.mark.parametrize(("fail_on", "expected"), [("error", 0), ("warning", 1), ("note", 1)])
def test_fail_on_with_only_a_warning(ek: Any, tmp_path: Path, fail_on: str, expected: int) -> None:
    (tmp_path / "latin1.yaml").write_bytes(b"metadata:\n  name: caf\xe9\n")
    code, out, _ = ek("check", str(tmp_path), "--select", "EKS002", "--fail-on", fail_on)
    assert code == expected
    assert "EKS002 [warning]" in out


def test_nonexistent_path_is_a_usage_error(ek: Any) -> None:
    code, out, err = ek("check", "clean", "does-not-exist.yaml")
    assert code == 2
    assert out == ""
    assert "no such file or directory: does-not-exist.yaml" in err


def test_bad_option_values_are_usage_errors(ek: Any) -> None:
    assert ek("check", "clean", "--format", "xml")[0] == 2
    assert ek("check", "clean", "--fail-on", "sometimes")[0] == 2
    assert ek("check", "clean", "--no-such-option")[0] == 2
    code, _, err = ek("check", "clean", "--select", "not a rule")
    assert code == 2
    assert "--select 'not a rule'" in err


def test_a_rule_that_raises_exits_2_never_0(ek: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    unit = get_rule("EKS001")
    assert unit is not None

    def boom(ctx: Any) -> Iterator[Any]:
        raise RuntimeError("rule exploded")
        yield

    monkeypatch.setattr(unit, "check", boom)
    code, out, err = ek("check", "clean", "--select", "EKS001")
    assert code == 2
    assert out.endswith("1 internal error: the results are incomplete.\n")
    assert "internal error in rule EKS001" in err
    assert "RuntimeError: rule exploded" in err
    assert "Traceback" not in err
    assert "--debug" in err
    code, _, err = ek("check", "clean", "--select", "EKS001", "--debug")
    assert code == 2
    assert "Traceback (most recent call last)" in err
    # even when nothing else was found and --fail-on never
    assert ek("check", "clean", "--select", "EKS001", "--fail-on", "never")[0] == 2


def test_a_crash_outside_the_rules_exits_2_without_traceback(ek: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import ekslint.engine

    def broken_run(*args: Any, **kwargs: Any) -> Any:
        raise ValueError("engine exploded")

    monkeypatch.setattr(ekslint.engine, "run", broken_run)
    code, out, err = ek("check", "clean")
    assert code == 2
    assert out == ""
    assert "internal error: ValueError: engine exploded" in err
    assert "Traceback" not in err


# -- selection -------------------------------------------------------------------------------------


def test_select_and_ignore(ek: Any) -> None:
    assert ek("check", "broken", "--select", "EKS002")[0] == 0
    assert ek("check", "broken", "--ignore", "EKS001")[0] == 0
    assert ek("check", "broken", "--ignore", "EKS0")[0] == 0  # prefix
    assert ek("check", "broken", "--select", "eks0")[0] == 1  # case-insensitive
    assert ek("check", "broken", "--select", "EKS002,EKS001")[0] == 1  # comma-separated
    assert ek("check", "broken", "--select", "EKS002", "--select", "EKS001")[0] == 1  # repeated
    assert ek("check", "broken", "--select", "file-does-not-parse")[0] == 1  # by name
    assert ek("check", "broken", "--select", "EKS0", "--ignore", "EKS001")[0] == 0


def test_selector_that_matches_no_rule_warns(ek: Any) -> None:
    code, _, err = ek("check", "clean", "--select", "EKS0", "--ignore", "EKS999")
    assert code == 0
    assert "--ignore EKS999 matches no rule" in err


# -- formats ---------------------------------------------------------------------------------------


def test_json_structure(ek: Any) -> None:
    code, out, _ = ek("check", "mixed", "--select", "EKS001", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    assert doc["version"] == __version__
    assert doc["summary"] == {"files": 3, "findings": 2, "error": 1, "warning": 0, "note": 1, "suppressed": 0}
    assert doc["internal_errors"] == []
    first, second = doc["findings"]
    assert set(first) == {
        "rule",
        "name",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "related",
    }
    assert (first["rule"], first["name"], first["severity"]) == ("EKS001", "file-does-not-parse", "error")
    assert (first["file"], first["line"], first["column"]) == ("mixed/cluster.yaml", 5, 10)
    assert (second["file"], second["line"], second["severity"]) == ("mixed/nodepool.yaml", 1, "note")


def test_github_format(ek: Any) -> None:
    code, out, _ = ek("check", "mixed", "--select", "EKS001", "--format", "github")
    assert code == 1
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("::error file=mixed/cluster.yaml,line=5,col=10,endColumn=10,title=EKS001::YAML syntax error")
    assert lines[1].startswith("::notice file=mixed/nodepool.yaml,line=1,col=3,")
    assert "title=EKS001::" in lines[1]


def test_github_escaping() -> None:
    from ekslint.report.github import escape_data, escape_property

    assert escape_data("50% done\nnext") == "50%25 done%0Anext"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_sarif_format_is_json(ek: Any) -> None:
    code, out, _ = ek("check", "broken", "--select", "EKS001", "--format", "sarif")
    assert code == 1
    assert json.loads(out)["runs"][0]["results"][0]["ruleId"] == "EKS001"


def test_quiet_prints_findings_only(ek: Any) -> None:
    code, out, _ = ek("check", "broken", "--select", "EKS001", "-q")
    assert code == 1
    assert len(out.splitlines()) == 1
    assert ek("check", "clean", "--select", "EKS001", "--quiet")[1] == ""


def test_output_file(ek: Any, tmp_path: Path) -> None:
    target = tmp_path / "report.json"
    code, out, _ = ek("check", "broken", "--select", "EKS001", "--format", "json", "--output", str(target))
    assert code == 1
    assert out == ""
    assert json.loads(target.read_text())["summary"]["error"] == 1


def test_output_is_deterministic(ek: Any) -> None:
    outputs = {fmt: ek("check", "mixed", "--select", "EKS001", "--format", fmt)[1] for fmt in ("text", "json", "sarif", "github")}
    again = {fmt: ek("check", "mixed", "--select", "EKS001", "--format", fmt)[1] for fmt in ("text", "json", "sarif", "github")}
    assert outputs == again


def test_stdin(ek: Any) -> None:
    bad = (DATA / "broken" / "cluster.yaml").read_bytes()
    code, out, _ = ek("check", "-", "--select", "EKS001", stdin=bad)
    assert code == 1
    assert out.startswith("-:5:10: EKS001 [error] ")
    code, out, _ = ek("check", "-", "--select", "EKS001", stdin=b"kind: ConfigMap\napiVersion: v1\n")
    assert code == 0
    code, _, err = ek("check", "-", stdin=b"\xff\xfe bad")
    assert code == 2
    assert "not valid UTF-8" in err


def test_stdin_with_paths(ek: Any) -> None:
    code, out, _ = ek("check", "-", "helm", "--select", "EKS001", "-q", stdin=(DATA / "broken" / "cluster.yaml").read_bytes())
    assert code == 1
    assert [ln.split(":")[0] for ln in out.splitlines()] == ["-", "helm/nodepool.yaml"]


# -- rules and rule --------------------------------------------------------------------------------


def test_rule_prints_its_documentation(ek: Any) -> None:
    code, out, _ = ek("rule", "EKS001")
    assert code == 0
    assert out.startswith("# EKS001 file-does-not-parse\n")
    for section in DOC_SECTIONS:
        assert f"## {section}" in out
    assert ek("rule", "file-does-not-parse")[1] == out
    assert ek("rule", "eks001")[1] == out


def test_unknown_rule_exits_2(ek: Any) -> None:
    code, out, err = ek("rule", "EKS999")
    assert code == 2
    assert out == ""
    assert "unknown rule 'EKS999'" in err


def test_rules_lists_every_rule(ek: Any) -> None:
    code, out, _ = ek("rules")
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == len(all_rules())
    assert lines[0].split()[:3] == ["EKS001", "file-does-not-parse", "error"]
    md = ek("rules", "--format", "markdown")[1].splitlines()
    assert md[0] == "| Rule | Name | Severity | Summary |"
    assert len(md) == len(all_rules()) + 2
    data = json.loads(ek("rules", "--format", "json")[1])
    assert [r["id"] for r in data] == [u.id for u in all_rules()]


def test_version_names_the_date_of_the_version_table(ek: Any) -> None:
    from ekslint.versions import LAST_CHECKED

    code, out = ek("--version")[:2]
    assert code == 0
    assert out.splitlines()[0] == f"ekslint {__version__}"
    assert f"last checked {LAST_CHECKED}" in out.splitlines()[1]


def test_versions_prints_one_row_per_table_entry(ek: Any) -> None:
    from ekslint.versions import LAST_AL2_VERSION, VERSIONS, fmt

    code, out = ek("versions")[:2]
    assert code == 0
    rows = {line.split()[0]: line.split() for line in out.splitlines()[1:] if line[:1].isdigit()}
    assert list(rows) == [v.version for v in VERSIONS]
    assert rows[fmt(LAST_AL2_VERSION)][-1] == "yes"
    assert rows[fmt((LAST_AL2_VERSION[0], LAST_AL2_VERSION[1] + 1))][-1] == "no"


# -- the fast path and typer agree -----------------------------------------------------------------

FAST_ARGVS = [
    ["check"],
    ["check", "a.yaml", "-", "dir"],
    ["check", "--format", "json", "x"],
    ["check", "-f", "sarif", "--output", "out.sarif", "x"],
    ["check", "--format=github", "--fail-on=never"],
    ["check", "--select", "EKS1,EKS2", "--select", "EKS401", "--ignore", "EKS0", "x"],
    ["check", "-q", "--debug", "x", "--fail-on", "warning"],
    ["check", "--", "--weird-file-name.yaml"],
    ["check", "-o", "o.txt", "--quiet"],
    ["check", "--var-file", "prod.tfvars", "--var-file=eu.tfvars", "infra"],
]


def _typer_kwargs(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    captured: dict[str, Any] = {}

    def fake_run_check(paths: Any, **kw: Any) -> int:
        captured.update(paths=list(paths), **kw)
        return 0

    monkeypatch.setattr(cli, "run_check", fake_run_check)
    result = CliRunner().invoke(cli.make_app(), argv)
    assert result.exit_code == 0, result.output
    captured["select"] = list(captured["select"] or [])
    captured["ignore"] = list(captured["ignore"] or [])
    captured["var_files"] = list(captured["var_files"] or [])
    return captured


@pytest.mark.parametrize("argv", FAST_ARGVS, ids=lambda a: " ".join(a))
def test_fast_path_parses_like_typer(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    fast = cli.fast_check_args(argv)
    assert fast is not None
    assert fast == _typer_kwargs(argv, monkeypatch)


@pytest.mark.parametrize(
    "argv",
    [
        ["check", "--help"],
        ["check", "-h"],
        ["check", "--format", "xml"],
        ["check", "--format"],
        ["check", "--unknown"],
        ["check", "-qf", "json"],
        ["check", "--output", "."],
        ["rules"],
        ["--version"],
        [],
    ],
)
def test_fast_path_leaves_the_rest_to_typer(argv: list[str]) -> None:
    assert cli.fast_check_args(argv) is None


def test_fast_path_knows_every_option_of_the_check_command() -> None:
    import typer.main

    group = typer.main.get_command(cli.make_app())
    check = group.commands["check"]  # type: ignore[attr-defined]
    opts = {o for p in check.params for o in p.opts if o.startswith("-")} - {"--help", "-h"}
    assert opts == set(cli._FAST_VALUE_OPTIONS) | set(cli._FAST_FLAGS)


# -- entry points ----------------------------------------------------------------------------------


def test_python_dash_m_ekslint() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "ekslint", "check", "broken", "--select", "EKS001", "--format", "json"],
        cwd=DATA,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["findings"][0]["rule"] == "EKS001"
    proc = subprocess.run([sys.executable, "-m", "ekslint", "--version"], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0
    assert proc.stdout.splitlines()[0] == f"ekslint {__version__}"


def test_help_works(ek: Any) -> None:
    result = CliRunner().invoke(cli.make_app(), ["check", "--help"])
    assert result.exit_code == 0
    assert "--fail-on" in result.output
