"""The configuration file: discovery, validation, and what each key does to a run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ekslint import cli
from ekslint.config import Config, find, glob_match, load_file

ROOT = Path(__file__).resolve().parent.parent

NODE_GROUP_TF = """\
variable "cluster_name" {
  type = string
}

resource "aws_eks_node_group" "workers" {
  cluster_name    = var.cluster_name
  node_group_name = "workers"
  node_role_arn   = "arn:aws:iam::111122223333:role/eks-node"
  subnet_ids      = ["subnet-0123456789abcdef0"]
  version         = "1.31"

  scaling_config {
    desired_size = 2
    max_size     = 3
    min_size     = 1
  }
}
"""

AWS_AUTH = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/other-node
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
"""

ASSUME_130 = 'assume:\n  cluster-version: "1.30"\n'


def write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    return root


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository (its `.git` ends the config search) holding node groups of a cluster kept elsewhere."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    write(root, {"infra/nodes/main.tf": NODE_GROUP_TF, "infra/aws-auth.yaml": AWS_AUTH})
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def ek(capsys: pytest.CaptureFixture[str]) -> Any:
    def _run(*args: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exc:
            cli.main(list(args))
        out, err = capsys.readouterr()
        code = exc.value.code
        return (code if isinstance(code, int) else 0), out, err

    return _run


def rules_in(out: str) -> list[str]:
    return [line.split(": ")[1].split()[0] for line in out.splitlines() if ": EKS" in line]


# -- discovery -------------------------------------------------------------------------------------


def test_config_is_found_by_walking_up_from_the_checked_path(repo: Path, ek: Any) -> None:
    assert ek("check", "infra/nodes", "-q")[:2] == (0, "")
    write(repo, {".ekslint.yaml": ASSUME_130})
    code, out, _ = ek("check", "infra/nodes", "-q")
    assert code == 1
    assert rules_in(out) == ["EKS201"]
    assert "control plane is 1.30" in out


def test_search_starts_at_the_first_path_not_the_working_directory(repo: Path, ek: Any,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {"infra/.ekslint.yaml": ASSUME_130})
    monkeypatch.chdir(repo.parent)  # no config here or above (up to the filesystem root)
    assert find(repo.parent) is None or not str(find(repo.parent)).startswith(str(repo))
    assert find(repo / "infra" / "nodes" / "main.tf") == (repo / "infra" / ".ekslint.yaml").resolve()
    code, out, _ = ek("check", "repo/infra/nodes/main.tf", "-q")
    assert code == 1 and rules_in(out) == ["EKS201"]


def test_git_directory_ends_the_search(tmp_path: Path) -> None:
    write(tmp_path, {".ekslint.yaml": ASSUME_130, "outer/inner/x.yaml": "a: 1\n"})
    assert find(tmp_path / "outer" / "inner") == (tmp_path / ".ekslint.yaml").resolve()
    (tmp_path / "outer" / ".git").mkdir()
    assert find(tmp_path / "outer" / "inner") is None


def test_pyproject_table_and_pyproject_without_one(repo: Path, ek: Any) -> None:
    write(repo, {"infra/pyproject.toml": "[project]\nname = 'x'\n", ".ekslint.yaml": "severity:\n  EKS201: note\n"})
    assert find(repo / "infra") == (repo / ".ekslint.yaml").resolve()  # no [tool.ekslint]: passed over
    write(repo, {"infra/pyproject.toml": '[project]\nname = "x"\n\n[tool.ekslint.assume]\ncluster-version = "1.30"\n'})
    assert find(repo / "infra") == (repo / "infra" / "pyproject.toml").resolve()
    code, out, _ = ek("check", "infra", "-q")
    assert code == 1 and rules_in(out) == ["EKS201"]


def test_yaml_config_wins_over_pyproject_in_the_same_directory(repo: Path) -> None:
    write(repo, {"pyproject.toml": "[tool.ekslint]\nfail-on = 'note'\n", ".ekslint.yml": "fail-on: warning\n"})
    assert find(repo) == (repo / ".ekslint.yml").resolve()
    assert load_file(find(repo) or Path()).fail_on == "warning"


def test_config_option_and_no_config(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": ASSUME_130, "elsewhere/strict.yaml": "severity: {EKS201: off}\n"})
    assert ek("check", "infra", "-q", "--no-config")[0] == 0
    assert ek("check", "infra", "-q", "--config", "elsewhere/strict.yaml")[0] == 0  # replaces .ekslint.yaml
    code, _, err = ek("check", "infra", "--config", "missing.yaml")
    assert code == 2 and err.strip() == "ekslint: error: configuration file not found: missing.yaml"


def test_stdin_uses_the_working_directory(repo: Path, ek: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    write(repo, {".ekslint.yaml": "format: json\nfail-on: never\n"})
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a: 1\n"), encoding="utf-8"))
    code, out, _ = ek("check", "-")
    assert code == 0
    assert json.loads(out)["findings"] == []


# -- command-line options win ---------------------------------------------------------------------


def test_command_line_wins(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": ASSUME_130 + "  authentication-mode: API\nselect: [EKS418]\nformat: json\nfail-on: never\n"})
    code, out, _ = ek("check", "infra")
    assert code == 0  # fail-on: never
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["EKS418"]  # select and format from the file
    code, out, _ = ek("check", "infra", "--select", "EKS201", "--format", "text", "--fail-on", "error", "-q")
    assert code == 1
    assert rules_in(out) == ["EKS201"]


def test_ignore_from_the_command_line_replaces_the_config_list(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": ASSUME_130 + "  authentication-mode: API\nignore: [EKS201]\n"})
    assert rules_in(ek("check", "infra", "-q")[1]) == ["EKS418"]
    assert rules_in(ek("check", "infra", "-q", "--ignore", "EKS418")[1]) == ["EKS201"]


# -- malformed configuration ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("selct: [EKS1]\n", ".ekslint.yaml: unknown key 'selct'; did you mean 'select'?"),
        ("select: 3\n", ".ekslint.yaml: select: expected a list of strings, got a number (3)"),
        ("select: [EKS999]\n", ".ekslint.yaml: select[0]: no rule is 'EKS999' or starts with it (`ekslint rules` lists them)"),
        ("ignore: [node-newer-than-control-plan]\n",
         ".ekslint.yaml: ignore[0]: unknown rule 'node-newer-than-control-plan'; did you mean 'node-newer-than-control-plane'?"),
        ("severity: {EKS201: fatal}\n", ".ekslint.yaml: severity: EKS201: 'fatal' is not one of error, warning, note, off"),
        ("severity: [EKS201]\n", ".ekslint.yaml: severity: expected a mapping, got a list"),
        ("per-path-ignores: {'a/**': EKS9}\n",
         ".ekslint.yaml: per-path-ignores: a/**[0]: no rule is 'EKS9' or starts with it (`ekslint rules` lists them)"),
        ("assume: {cluster-version: 1.30}\n",
         ".ekslint.yaml: assume: cluster-version: write the version as a quoted string ('1.30'): 1.3 is read as a number"),
        ("assume: {auth-mode: API}\n", ".ekslint.yaml: assume: unknown key 'auth-mode'; did you mean 'authentication-mode'?"),
        ("assume: {authentication-mode: IAM}\n",
         ".ekslint.yaml: assume: authentication-mode: 'IAM' is not one of API, API_AND_CONFIG_MAP, CONFIG_MAP"),
        ("assume: {partition: aws-china}\n",
         ".ekslint.yaml: assume: partition: 'aws-china' is not one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, "
         "aws-iso-e, aws-iso-f; did you mean 'aws-cn'?"),
        ("fail-on: warn\n", ".ekslint.yaml: fail-on: 'warn' is not one of error, warning, note, never; did you mean 'warning'?"),
        ("- select\n", ".ekslint.yaml: expected a mapping, got a list"),
        ("select: [\n", ".ekslint.yaml:2: not valid YAML: expected the node content, but found '<stream end>'"),
    ],
)
def test_malformed_config_exits_2_with_one_line(repo: Path, ek: Any, text: str, message: str) -> None:
    write(repo, {".ekslint.yaml": text})
    code, out, err = ek("check", "infra")
    assert code == 2
    assert out == ""
    assert err == f"ekslint: error: {message}\n"


def test_malformed_pyproject_exits_2(repo: Path, ek: Any) -> None:
    write(repo, {"pyproject.toml": "[tool.ekslint]\nselect = 'EKS1\n"})
    code, _, err = ek("check", "infra")
    assert code == 2
    assert err.startswith("ekslint: error: pyproject.toml: not valid TOML: ")
    assert len(err.strip().splitlines()) == 1
    write(repo, {"pyproject.toml": "[tool.ekslint]\nfail_on = 'note'\n"})
    code, _, err = ek("check", "infra")
    assert (code, err) == (2, "ekslint: error: pyproject.toml [tool.ekslint]: unknown key 'fail_on'; did you mean 'fail-on'?\n")


def test_malformed_config_through_the_installed_entry_point(repo: Path) -> None:
    write(repo, {".ekslint.yaml": "severity: {EKS201: loud}\n"})
    proc = subprocess.run([sys.executable, "-m", "ekslint", "check", "infra"], cwd=repo, capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode == 2
    assert proc.stderr == "ekslint: error: .ekslint.yaml: severity: EKS201: 'loud' is not one of error, warning, note, off\n"
    assert "Traceback" not in proc.stderr


def test_two_yaml_config_files_in_one_directory(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": "{}\n", ".ekslint.yml": "{}\n"})
    code, _, err = ek("check", "infra")
    assert code == 2 and "both exist; keep one" in err


def test_empty_config_is_fine(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": "# nothing yet\n"})
    assert ek("check", "infra", "-q") == (0, "", "")


# -- what the keys do --------------------------------------------------------------------------------


def test_per_rule_severity(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": ASSUME_130 + "severity:\n  node-newer-than-control-plane: warning\n"})
    code, out, _ = ek("check", "infra", "-q")
    assert code == 0  # fail-on error: a warning does not fail
    assert "EKS201 [warning]" in out
    assert ek("check", "infra", "-q", "--fail-on", "warning")[0] == 1
    write(repo, {".ekslint.yaml": ASSUME_130 + "severity:\n  EKS2: note\n  EKS201: off\n"})
    assert ek("check", "infra", "-q", "--fail-on", "note")[:2] == (0, "")


def test_most_specific_severity_wins(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": ASSUME_130 + "severity:\n  EKS: off\n  EKS20: note\n"})
    assert "EKS201 [note]" in ek("check", "infra", "-q")[1]


def test_per_path_ignores_are_relative_to_the_config_file(repo: Path, ek: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    write(repo, {
        ".ekslint.yaml": ASSUME_130 + "  authentication-mode: API\nper-path-ignores:\n  'infra/nodes/**': [EKS201]\n",
        "other/nodes/main.tf": NODE_GROUP_TF,
    })
    code, out, _ = ek("check", ".", "-q")
    assert code == 1
    assert [ln.split(":")[0] for ln in out.splitlines()] == ["infra/aws-auth.yaml", "other/nodes/main.tf"]
    monkeypatch.chdir(repo / "infra")  # the globs do not depend on the working directory
    code, out, _ = ek("check", ".", "-q")
    assert code == 1 and rules_in(out) == ["EKS418"]


def test_per_path_ignore_glob_without_slash_matches_at_any_depth(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": ASSUME_130 + "per-path-ignores:\n  '*.tf': [EKS2]\n"})
    assert ek("check", "infra", "-q")[:2] == (0, "")


def test_exclude_leaves_files_unread(repo: Path, ek: Any) -> None:
    broken = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: [\n"
    write(repo, {"infra/nodes/broken.yaml": broken, ".ekslint.yaml": ASSUME_130})
    code, out, _ = ek("check", "infra")
    assert code == 1 and "broken.yaml" in out and "2 errors" in out
    write(repo, {".ekslint.yaml": ASSUME_130 + "exclude: [infra/nodes]\n"})
    code, out, _ = ek("check", "infra")
    assert (code, out) == (0, "1 file checked: no problems found.\n")
    write(repo, {".ekslint.yaml": ASSUME_130 + "exclude: ['**/broken.yaml']\n"})
    code, out, _ = ek("check", "infra", "infra/nodes/broken.yaml")  # also when named on the command line
    assert code == 1 and "broken.yaml" not in out and "2 files checked" in out


# -- assumed defaults ---------------------------------------------------------------------------------


def test_assumed_cluster_version_makes_the_skew_rule_fire(repo: Path, ek: Any) -> None:
    assert ek("check", "infra", "-q", "--select", "EKS201")[:2] == (0, "")
    write(repo, {".ekslint.yaml": 'assume: {cluster-version: "1.31"}\n'})
    assert ek("check", "infra", "-q", "--select", "EKS201")[:2] == (0, "")
    write(repo, {".ekslint.yaml": 'assume: {cluster-version: "v1.30"}\n'})
    code, out, _ = ek("check", "infra", "-q", "--select", "EKS201")
    assert code == 1
    assert out.startswith("infra/nodes/main.tf:10:21: EKS201 [error] node group 'workers' runs Kubernetes 1.31 but its "
                          "cluster's control plane is 1.30")


def test_assumption_does_not_override_a_cluster_in_the_tree(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": ASSUME_130, "infra/nodes/cluster.tf": 'resource "aws_eks_cluster" "c" {\n  name = "c"\n'
                 '  role_arn = "arn:aws:iam::111122223333:role/c"\n  version = "1.31"\n  vpc_config {\n'
                 '    subnet_ids = ["subnet-1", "subnet-2"]\n  }\n}\n'})
    text = (repo / "infra/nodes/main.tf").read_text().replace("var.cluster_name", "aws_eks_cluster.c.name")
    write(repo, {"infra/nodes/main.tf": text})
    assert ek("check", "infra", "-q", "--select", "EKS201")[:2] == (0, "")


def test_assumed_authentication_mode_makes_the_api_mode_rule_fire(repo: Path, ek: Any) -> None:
    assert ek("check", "infra", "-q", "--select", "EKS418")[:2] == (0, "")
    write(repo, {".ekslint.yaml": "assume:\n  authentication-mode: api_and_config_map\n"})
    assert ek("check", "infra", "-q", "--select", "EKS418")[:2] == (0, "")
    write(repo, {".ekslint.yaml": "assume:\n  authentication-mode: API\n"})
    code, out, _ = ek("check", "infra", "-q", "--select", "EKS418")
    assert code == 1
    assert out.startswith("infra/aws-auth.yaml:8:16: EKS418 [error] the cluster's authentication mode is API")


def test_assumed_partition_makes_the_partition_rule_fire(repo: Path, ek: Any) -> None:
    assert ek("check", "infra", "-q", "--select", "EKS417")[:2] == (0, "")
    write(repo, {".ekslint.yaml": "assume:\n  partition: aws\n"})
    assert ek("check", "infra", "-q", "--select", "EKS417")[:2] == (0, "")
    write(repo, {".ekslint.yaml": "assume:\n  partition: aws-cn\n"})
    code, out, _ = ek("check", "infra", "-q", "--select", "EKS417", "--fail-on", "warning")
    assert code == 1
    assert "EKS417 [warning] rolearn arn:aws:iam::111122223333:role/other-node is in partition aws" in out
    assert "Use arn:aws-cn:iam::111122223333:role/other-node" in out


def test_assumptions_do_not_leak_out_of_a_run(repo: Path, ek: Any) -> None:
    from ekslint import assume

    write(repo, {".ekslint.yaml": ASSUME_130})
    ek("check", "infra", "-q")
    assert assume.current() == assume.Assumptions()


# -- globs and the fast path -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("glob", "path", "expected"),
    [
        ("legacy/**", "legacy/a/b.yaml", True),
        ("legacy", "legacy/a/b.yaml", True),
        ("legacy", "x/legacy/b.yaml", True),
        ("./legacy/", "legacy/b.yaml", True),
        ("legacy/*.yaml", "legacy/a/b.yaml", False),
        ("legacy/*.yaml", "legacy/b.yaml", True),
        ("**/test-*.yaml", "a/b/test-1.yaml", True),
        ("**/test-*.yaml", "test-1.yaml", True),
        ("*.tf", "a/b/main.tf", True),
        ("infra/**/main.tf", "infra/main.tf", True),
        ("infra/**/main.tf", "infra/x/y/main.tf", True),
        ("infra/**/main.tf", "other/infra/main.tf", False),
        ("env-[ab]/*", "env-a/x.tf", True),
        ("env-[!ab]/*", "env-a/x.tf", False),
        ("clusters/prod?.yaml", "clusters/prod1.yaml", True),
        ("clusters/prod?.yaml", "clusters/prod/x.yaml", False),
    ],
)
def test_glob_match(glob: str, path: str, expected: bool) -> None:
    assert glob_match(glob, path) is expected


def test_config_object_defaults_do_nothing(tmp_path: Path) -> None:
    cfg = Config()
    assert not cfg.excluded(tmp_path)
    assert cfg.apply([], tmp_path) == []


NEW_ARGVS = [
    ["check", "--config", "c.yaml", "x"],
    ["check", "--no-config", "--baseline", "b.json"],
    ["check", "--baseline-write=b.json", "--config=c.yaml", "-"],
]


@pytest.mark.parametrize("argv", NEW_ARGVS, ids=lambda a: " ".join(a))
def test_fast_path_parses_the_new_options_like_typer(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_cli import _typer_kwargs

    fast = cli.fast_check_args(argv)
    assert fast is not None
    assert fast == _typer_kwargs(argv, monkeypatch)


def test_configuration_files_are_not_checked(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": "fail-on: never\n", "infra/.ekslint.yml": "not: used\n"})
    assert ek("check", ".")[1] == "2 files checked: no problems found.\n"


def test_assumed_cluster_version_reaches_a_karpenter_node_class(tmp_path: Path, ek: Any,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".git").mkdir()
    write(tmp_path, {"karpenter/ec2nodeclass.yaml": (ROOT / "fixtures/EKS203/bad/karpenter-eksctl/ec2nodeclass.yaml")
                     .read_text()})
    monkeypatch.chdir(tmp_path)
    assert ek("check", ".", "-q", "--select", "EKS203")[:2] == (0, "")  # no cluster, version unknown
    write(tmp_path, {".ekslint.yaml": 'assume: {cluster-version: "1.32"}\n'})
    assert ek("check", ".", "-q", "--select", "EKS203")[:2] == (0, "")
    write(tmp_path, {".ekslint.yaml": 'assume: {cluster-version: "1.33"}\n'})
    code, out, _ = ek("check", ".", "-q", "--select", "EKS203")
    assert code == 1
    assert out.startswith("karpenter/ec2nodeclass.yaml:")
    assert "uses Amazon Linux 2 on Kubernetes 1.33" in out


def test_config_that_is_not_text_exits_2(repo: Path, ek: Any) -> None:
    (repo / ".ekslint.yaml").write_bytes(b"\xff\xfe\x00select")
    assert ek("check", "infra") == (2, "", "ekslint: error: .ekslint.yaml: not UTF-8 text\n")


def test_deeply_nested_config_exits_2(repo: Path, ek: Any) -> None:
    write(repo, {".ekslint.yaml": "select: " + "[" * 5000 + "]" * 5000 + "\n"})
    code, out, err = ek("check", "infra")
    assert (code, out) == (2, "")
    assert err.startswith("ekslint: error: .ekslint.yaml") and len(err.splitlines()) == 1
