"""The GitHub Action (action.yml) and the `--format github` workflow commands.

The action's shell steps are run here the way the runner runs them (``bash -eo pipefail``, inputs
and step outputs substituted into ``env``, ``$GITHUB_OUTPUT`` collected), with stand-ins for
Python and pip; the ekslint command lines they produce must be accepted by ekslint's own parsers.
"""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from ekslint import cli
from ekslint.findings import Finding, Severity
from ekslint.report.github import annotation, escape_data, escape_property
from ekslint.values import Span

ROOT = Path(__file__).resolve().parent.parent
ACTION = ROOT / "action.yml"
EXPR = re.compile(r"\$\{\{(.*?)\}\}")


@pytest.fixture(scope="module")
def action() -> dict[str, Any]:
    return YAML(typ="safe").load(ACTION.read_text(encoding="utf-8"))


def steps_by_id(action: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s["id"]: s for s in action["runs"]["steps"]}


# -- structure -------------------------------------------------------------------------------------


def test_action_is_composite_with_documented_inputs(action: dict[str, Any]) -> None:
    assert action["name"] == "ekslint"
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    expected = {
        "paths": ".",
        "fail-on": "error",
        "args": "",
        "sarif-file": "ekslint.sarif",
        "category": "ekslint",
        "upload-sarif": "true",
        "version": "",
        "python-version": "3.12",
    }
    assert {k: inputs[k]["default"] for k in inputs} == expected
    assert all(v["description"].strip() for v in inputs.values())
    for level in cli.FailOn:
        assert level.value in inputs["fail-on"]["description"]
    assert set(action["outputs"]) == {"exit-code", "sarif-file"}


def test_steps_install_check_upload_then_fail(action: dict[str, Any]) -> None:
    steps = action["runs"]["steps"]
    assert [s["id"] for s in steps] == ["python", "install", "check", "upload", "fail"]
    assert steps[0]["uses"].startswith("actions/setup-python@")
    assert steps[0]["with"]["update-environment"] is False  # the job's own Python stays as it was
    for s in steps:
        if "run" in s:
            assert s["shell"] == "bash"
    install = steps[1]
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert "pip install" in install["run"]
    upload = steps[3]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["category"] == "${{ inputs.category }}"
    assert upload["with"]["sarif_file"] == "${{ steps.check.outputs.sarif-file }}"
    # the upload runs whatever the check found (the check step itself never fails)
    assert "!cancelled()" in upload["if"] or "always()" in upload["if"]
    assert "inputs.upload-sarif == 'true'" in upload["if"]
    fail = steps[4]
    assert "steps.check.outputs.exit-code != '0'" in fail["if"]
    assert "!cancelled()" in fail["if"] or "always()" in fail["if"]


def test_inputs_reach_scripts_only_through_env(action: dict[str, Any]) -> None:
    """No `${{ }}` inside a script: an input is data, never shell code."""
    for s in action["runs"]["steps"]:
        if "run" in s:
            assert not EXPR.search(s["run"]), s["name"]


# -- running the steps -----------------------------------------------------------------------------


class Runner:
    """Runs the action's shell steps like the Actions runner, with its expression contexts faked."""

    def __init__(self, action: dict[str, Any], workspace: Path, temp: Path, inputs: dict[str, str]) -> None:
        self.action = action
        self.workspace = workspace
        self.temp = temp
        self.inputs = {k: str(v.get("default", "")) for k, v in action["inputs"].items()} | inputs
        self.outputs: dict[str, dict[str, str]] = {}
        self.context = {"github.action_path": str(ROOT), "runner.temp": str(temp)}

    def evaluate(self, text: str) -> str:
        def one(m: re.Match[str]) -> str:
            expr = m.group(1).strip()
            if expr.startswith("inputs."):
                return self.inputs[expr.removeprefix("inputs.")]
            if expr in self.context:
                return self.context[expr]
            step = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", expr)
            assert step, f"unsupported expression {expr!r}"
            return self.outputs.get(step.group(1), {}).get(step.group(2), "")

        return EXPR.sub(one, text)

    def run(self, step_id: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        step = steps_by_id(self.action)[step_id]
        out = self.temp / f"output-{step_id}"
        out.write_text("")
        full_env = {**os.environ, **(env or {}), "GITHUB_OUTPUT": str(out), "RUNNER_TEMP": str(self.temp)}
        full_env.update({k: self.evaluate(str(v)) for k, v in step.get("env", {}).items()})
        proc = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
            cwd=self.workspace,
            env=full_env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.outputs[step_id] = dict(line.split("=", 1) for line in out.read_text().splitlines() if line)
        return proc


def _script(path: Path, body: str) -> Path:
    path.write_text(body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.fixture
def stubs(tmp_path: Path) -> dict[str, Path]:
    """A recording `ekslint` and a `python` whose `-m venv` lays out a venv with those stand-ins."""
    bindir = tmp_path / "stubs"
    bindir.mkdir()
    log = tmp_path / "calls.jsonl"
    ekslint = _script(
        bindir / "ekslint",
        f"#!{sys.executable}\nimport json, sys\n"
        f"open({str(log)!r}, 'a').write(json.dumps(['ekslint', *sys.argv[1:]]) + '\\n')\n",
    )
    python = _script(
        bindir / "python",
        f"#!{sys.executable}\nimport json, shutil, sys\nfrom pathlib import Path\n"
        "if sys.argv[1:3] == ['-m', 'venv']:\n"
        "    (Path(sys.argv[3]) / 'bin').mkdir(parents=True)\n"
        "    shutil.copy(sys.argv[0], Path(sys.argv[3]) / 'bin' / 'python')\n"
        f"    shutil.copy({str(ekslint)!r}, Path(sys.argv[3]) / 'bin' / 'ekslint')\n"
        "else:\n"
        f"    open({str(log)!r}, 'a').write(json.dumps(['python', *sys.argv[1:]]) + '\\n')\n",
    )
    return {"python": python, "ekslint": ekslint, "log": log}


def _calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []


def _typer_accepts(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    captured: dict[str, Any] = {}

    def fake_run_check(paths: Any, **kw: Any) -> int:
        captured.update(paths=list(paths), **kw)
        return 0

    monkeypatch.setattr(cli, "run_check", fake_run_check)
    result = CliRunner().invoke(cli.make_app(), argv)
    assert result.exit_code == 0, (argv, result.output)
    for key in ("select", "ignore"):
        captured[key] = list(captured[key] or [])
    return captured


@pytest.mark.parametrize(
    ("version", "requirement"),
    [("", str(ROOT)), ("0.1.0", "ekslint==0.1.0"), ("git+https://github.com/ekslint/ekslint@main", "git+https://github.com/ekslint/ekslint@main")],
)
def test_install_step(
    action: dict[str, Any], tmp_path: Path, stubs: dict[str, Path], version: str, requirement: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = Runner(action, tmp_path, tmp_path, {"version": version})
    runner.context["steps.python.outputs.python-path"] = str(stubs["python"])
    runner.outputs["python"] = {"python-path": str(stubs["python"])}
    proc = runner.run("install")
    assert proc.returncode == 0, proc.stderr
    calls = _calls(stubs["log"])
    pip = [c for c in calls if c[0] == "python"]
    assert pip == [["python", "-m", "pip", "install", "--disable-pip-version-check", "--quiet", requirement]]
    assert runner.outputs["install"]["ekslint"] == str(tmp_path / "ekslint-venv" / "bin" / "ekslint")
    # the installed command is called the way typer understands
    version_calls = [c[1:] for c in calls if c[0] == "ekslint"]
    assert version_calls == [["--version"]]
    assert CliRunner().invoke(cli.make_app(), version_calls[0]).exit_code == 0


@pytest.mark.parametrize(
    "inputs",
    [
        {},
        {"paths": "infra/eks\nclusters/prod.yaml", "fail-on": "warning"},
        {"paths": "a b", "args": "--select EKS1,EKS4 --ignore EKS224 --quiet", "fail-on": "never"},
        {"args": "  --select=EKS401\n--debug ", "sarif-file": "reports/ekslint.sarif", "fail-on": "note"},
    ],
    ids=["defaults", "paths", "args", "args-multiline"],
)
def test_every_ekslint_command_line_is_accepted_by_the_cli(
    action: dict[str, Any], tmp_path: Path, stubs: dict[str, Path], inputs: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    runner = Runner(action, tmp_path, tmp_path, inputs)
    runner.outputs["install"] = {"ekslint": str(stubs["ekslint"])}
    proc = runner.run("check")
    assert proc.returncode == 0, proc.stderr
    [argv] = _calls(stubs["log"])
    assert argv[:2] == ["ekslint", "check"]
    args = argv[1:]
    fast = cli.fast_check_args(args)
    assert fast is not None, args
    assert fast == _typer_accepts(args, monkeypatch)
    assert fast["fmt"] == "sarif"
    assert fast["output"] == tmp_path / runner.inputs["sarif-file"]
    assert fast["output"].parent.is_dir()  # the action creates the report's directory
    assert fast["fail_on"] == runner.inputs["fail-on"]
    assert fast["paths"] == runner.inputs["paths"].split()
    assert fast["quiet"] == ("--quiet" in runner.inputs["args"])
    assert fast["debug"] == ("--debug" in runner.inputs["args"])


# -- the real ekslint through the action's steps ---------------------------------------------------

BROKEN = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: prod\n   region: us-east-1\n"
HELM = "{{- if .Values.enabled }}\napiVersion: karpenter.sh/v1\nkind: NodePool\n{{- end }}\n"


def _real(tmp_path: Path, action: dict[str, Any], inputs: dict[str, str]) -> Runner:
    exe = _script(tmp_path / "ekslint-real", f'#!/bin/sh\nexec {sys.executable} -m ekslint "$@"\n')
    workspace = tmp_path / "repo"
    workspace.mkdir(exist_ok=True)
    runner = Runner(action, workspace, tmp_path, inputs)
    runner.outputs["install"] = {"ekslint": str(exe)}
    return runner


@pytest.mark.parametrize(
    ("files", "fail_on", "code"),
    [
        ({"infra/cluster.yaml": BROKEN}, "error", "1"),
        ({"infra/chart.yaml": HELM}, "error", "0"),
        ({"infra/chart.yaml": HELM}, "note", "1"),
        ({"infra/cluster.yaml": BROKEN}, "never", "0"),
    ],
)
def test_findings_are_uploaded_and_fail_the_step(
    action: dict[str, Any], tmp_path: Path, files: dict[str, str], fail_on: str, code: str
) -> None:
    runner = _real(tmp_path, action, {"paths": "infra", "fail-on": fail_on, "args": "--select EKS001"})
    for name, text in files.items():
        (runner.workspace / name).parent.mkdir(parents=True, exist_ok=True)
        (runner.workspace / name).write_text(text)
    proc = runner.run("check")
    assert proc.returncode == 0, proc.stderr  # the check step itself never fails ...
    out = runner.outputs["check"]
    assert out["exit-code"] == code
    sarif = Path(out["sarif-file"])
    assert sarif == runner.workspace / "ekslint.sarif"
    results = json.loads(sarif.read_text())["runs"][0]["results"]
    assert [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results] == list(files)
    # ... the last step turns the saved exit code into the result, after the upload
    fail = runner.run("fail")
    assert fail.returncode == int(code)
    if code == "1":
        assert f"findings at or above fail-on: {fail_on}" in fail.stdout


def test_usage_error_fails_with_2_and_uploads_nothing(action: dict[str, Any], tmp_path: Path) -> None:
    runner = _real(tmp_path, action, {"paths": "does-not-exist", "fail-on": "never"})
    (runner.workspace / "ekslint.sarif").write_text("stale")
    proc = runner.run("check")
    assert proc.returncode == 0
    assert runner.outputs["check"] == {"exit-code": "2"}  # no sarif-file: the upload step is skipped
    assert not (runner.workspace / "ekslint.sarif").exists()
    assert "no such file or directory: does-not-exist" in proc.stderr
    assert runner.run("fail").returncode == 2


# -- --format github: workflow command escaping ----------------------------------------------------


def _unescape(text: str, prop: bool) -> str:
    """The runner's reading of an escaped value (actions/runner ActionCommand.Unescape)."""
    pairs = [("%0D", "\r"), ("%0A", "\n")] + ([("%3A", ":"), ("%2C", ",")] if prop else []) + [("%25", "%")]
    for enc, dec in pairs:
        text = text.replace(enc, dec)
    return text


def _parse(line: str) -> tuple[str, dict[str, str], str]:
    m = re.fullmatch(r"::(\w+) (.*?)::(.*)", line)
    assert m, line
    props = dict(p.split("=", 1) for p in m.group(2).split(","))
    return m.group(1), {k: _unescape(v, True) for k, v in props.items()}, _unescape(m.group(3), False)


def test_escaping_follows_the_workflow_command_rules() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    assert escape_data("%0A") == "%250A"  # a literal %0A in a message stays literal


def test_annotation_round_trips_through_the_runners_parser() -> None:
    message = "line one\nline two: 50% of nodes, see ::warning"
    f = Finding("EKS101", Severity.WARNING, message, Span("dir,x/a:b%.yaml", 3, 5, 3, 9))
    line = annotation(f)
    assert "\n" not in line
    command, props, data = _parse(line)
    assert command == "warning"
    assert props == {"file": "dir,x/a:b%.yaml", "line": "3", "col": "5", "endColumn": "9", "title": "EKS101"}
    assert data == message
    note = annotation(Finding("EKS001", Severity.NOTE, "m", Span("a.yaml", 1, 1, 4, 2)))
    assert _parse(note)[0] == "notice"
    assert _parse(note)[1]["endLine"] == "4"


def test_github_format_on_a_file_with_awkward_name(tmp_path: Path) -> None:
    (tmp_path / "odd, name: v1%.yaml").write_text(BROKEN)
    proc = subprocess.run(
        [sys.executable, "-m", "ekslint", "check", ".", "--select", "EKS001", "--format", "github"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    [line] = proc.stdout.splitlines()
    command, props, data = _parse(line)
    assert (command, props["file"], props["line"]) == ("error", "odd, name: v1%.yaml", "5")
    assert data.startswith("YAML syntax error")


# -- README examples and the pre-commit hook -------------------------------------------------------


def _readme_section(title: str) -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start : end if end != -1 else None]


def _yaml_blocks(section: str) -> list[Any]:
    return [YAML(typ="safe").load(b) for b in re.findall(r"```yaml\n(.*?)```", section, re.S)]


def _steps(doc: Any) -> list[dict[str, Any]]:
    if isinstance(doc, list):
        return doc
    return [s for job in doc["jobs"].values() for s in job["steps"]]


def test_readme_github_examples_use_real_inputs_and_valid_command_lines(action: dict[str, Any]) -> None:
    steps = [s for doc in _yaml_blocks(_readme_section("GitHub Actions")) for s in _steps(doc)]
    uses_action = [s for s in steps if s.get("uses", "").startswith("ekslint/ekslint@")]
    assert uses_action
    for s in uses_action:
        assert set(s.get("with", {})) <= set(action["inputs"])
        assert s["with"].get("fail-on", "error") in {f.value for f in cli.FailOn}
    runs = [s["run"] for s in steps if str(s.get("run", "")).startswith("ekslint ")]
    assert runs
    for line in runs:
        assert cli.fast_check_args(line.split()[1:]) is not None, line
    upload = [s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
    assert upload and all(s["with"]["category"] and "cancelled()" in s["if"] for s in upload)


def test_pre_commit_hook_matches_the_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    [hook] = YAML(typ="safe").load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "ekslint"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is True
    assert hook["require_serial"] is True  # one process sees every staged file
    entry = hook["entry"].split()
    assert entry[0] == "ekslint"
    # pre-commit appends the staged files to the entry (and the hook's args, if any)
    argv = [*entry[1:], *hook.get("args", []), "cluster.yaml", "karpenter/nodepool.yaml", "main.tf"]
    fast = cli.fast_check_args(argv)
    assert fast is not None
    assert fast == _typer_accepts(argv, monkeypatch)
    assert fast["paths"] == ["cluster.yaml", "karpenter/nodepool.yaml", "main.tf"]
    files = re.compile(hook["files"])
    for name in ("cluster.yaml", "a.yml", "eks.tf", "prod.tfvars", "userdata.txt", "bootstrap.sh", "policy.json",
                 "cdk.tf.json", "userdata.sh.tpl", "nodeconfig.yaml.tftpl", "nodegroup.template"):
        assert files.search(name), name
    assert not files.search("README.md")
