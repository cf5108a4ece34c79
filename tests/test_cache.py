"""The parse cache (content-hash keyed, never fatal) and the parallel parse of large trees."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ekslint import cache as caches
from ekslint import parallel
from ekslint.engine import Report, run
from ekslint.load import hcl_eval

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
TREES = [FIXTURES / d for d in ("EKS001", "EKS003", "EKS004", "EKS005", "EKS501", "EKS502", "EKS505", "EKS510", "EKS323")]
BROKEN_TF = 'resource "aws_eks_cluster" "x" {\n  name = "a"\n'


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """Fixture files of YAML, Terraform and user data, plus a Terraform file that does not parse."""
    out = tmp_path / "tree"
    for t in TREES:
        shutil.copytree(t, out / t.name)
    (out / "broken").mkdir()
    (out / "broken" / "main.tf").write_text(BROKEN_TF)
    return out


def findings(report: Report) -> list[tuple[str, int, int, str, str]]:
    assert not report.internal_errors, report.internal_errors
    return [(f.span.file, f.span.line, f.span.col, f.rule_id, f.message) for f in report.findings]


def test_second_run_reads_the_cache_and_finds_the_same(tree: Path, tmp_path: Path) -> None:
    plain = findings(run([tree], base=tree))
    first = caches.ParseCache(tmp_path / "cache")
    assert findings(run([tree], base=tree, cache=first)) == plain
    assert first.hits == 0 and first.misses > 10
    second = caches.ParseCache(tmp_path / "cache")
    assert findings(run([tree], base=tree, cache=second)) == plain
    assert second.misses == 0 and second.hits == first.misses
    assert any(f[3] == "EKS001" and f[0] == "broken/main.tf" for f in plain)  # a cached syntax error too


def test_changed_file_is_parsed_again(tree: Path, tmp_path: Path) -> None:
    run([tree], base=tree, cache=caches.ParseCache(tmp_path / "cache"))
    (tree / "broken" / "main.tf").write_text(BROKEN_TF + "}\n")
    c = caches.ParseCache(tmp_path / "cache")
    report = run([tree], base=tree, cache=c)
    assert c.misses == 1
    assert not any(f.rule_id == "EKS001" and f.span.file == "broken/main.tf" for f in report.findings)


def test_corrupt_entries_are_parsed_again(tree: Path, tmp_path: Path) -> None:
    plain = findings(run([tree], base=tree))
    run([tree], base=tree, cache=caches.ParseCache(tmp_path / "cache"))
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file() and p.name != ".gitignore"]
    assert entries
    for i, p in enumerate(entries):  # garbage, truncated, a valid pickle of the wrong shape
        p.write_bytes([b"\x00garbage", b"p\x80\x05", b"m" + marshal.dumps(("tree", 42)), b"p" + __import__("pickle").dumps([1])][i % 4])
    c = caches.ParseCache(tmp_path / "cache")
    assert findings(run([tree], base=tree, cache=c)) == plain


def test_unwritable_cache_never_fails(tree: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    c = caches.ParseCache(blocker / "cache")  # cannot be created: a file is in the way
    assert findings(run([tree], base=tree, cache=c)) == findings(run([tree], base=tree))
    assert c.writable is False


def test_new_version_does_not_read_old_entries(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    run([tree], base=tree, cache=caches.ParseCache(tmp_path / "cache"))
    old = [p.name for p in (tmp_path / "cache").iterdir() if p.is_dir()]
    monkeypatch.setattr(caches, "__version__", "99.0.0")
    c = caches.ParseCache(tmp_path / "cache")
    run([tree], base=tree, cache=c)
    assert c.hits == 0
    now = [p.name for p in (tmp_path / "cache").iterdir() if p.is_dir()]
    assert len(now) == 1 and now[0].startswith("v99.0.0-") and now != old


def test_cache_folder_ignores_itself(tree: Path, tmp_path: Path) -> None:
    run([tree], base=tree, cache=caches.ParseCache(tmp_path / "cache"))
    assert (tmp_path / "cache" / ".gitignore").read_text().splitlines()[-1] == "*"


def test_where_the_cache_lives(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EKSLINT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert caches.default_dir() == tmp_path / "xdg" / "ekslint"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert caches.default_dir() == tmp_path / "home" / ".cache" / "ekslint"
    monkeypatch.setenv("EKSLINT_CACHE_DIR", str(tmp_path / "elsewhere"))
    assert caches.default_dir() == tmp_path / "elsewhere"


@pytest.mark.parametrize(("value", "off"), [("1", True), ("true", True), ("0", False), ("", False)])
def test_env_turns_the_cache_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, value: str, off: bool) -> None:
    monkeypatch.setenv("EKSLINT_NO_CACHE", value)
    assert (caches.open_cache(tmp_path) is None) is off
    assert caches.open_cache(tmp_path, enabled=False) is None


def _cli(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("EKSLINT_")}
    e["XDG_CACHE_HOME"] = str(cwd.parent / "xdg")
    e.update(env)
    return subprocess.run([sys.executable, "-m", "ekslint", "check", *args], cwd=cwd, capture_output=True, text=True,
                          env=e, check=False)


def test_cli_cache_outside_the_repository_and_no_cache(tree: Path) -> None:
    (tree / ".git").mkdir()
    default = tree.parent / "xdg" / "ekslint"
    first = _cli(["EKS501/bad/aws-auth.yaml", "--fail-on", "never"], tree)
    assert first.returncode == 0, first.stderr
    assert (default / ".gitignore").is_file() and len(list(default.rglob("*"))) > 10
    assert not (tree / ".ekslint_cache").exists()  # never inside the checked tree
    again = _cli(["EKS501/bad/aws-auth.yaml", "--fail-on", "never"], tree)
    assert again.stdout == first.stdout
    shutil.rmtree(default)
    assert _cli(["EKS501/bad/aws-auth.yaml", "--no-cache", "--fail-on", "never"], tree).stdout == first.stdout
    assert _cli(["EKS501/bad/aws-auth.yaml", "--fail-on", "never"], tree, EKSLINT_NO_CACHE="1").stdout == first.stdout
    assert not default.exists()
    other = tree.parent / "other-cache"
    assert _cli([".", "--cache-dir", str(other), "--fail-on", "never", "-q"], tree).returncode == 0
    assert other.is_dir() and not default.exists()
    env_dir = tree.parent / "env-cache"
    assert _cli([".", "--fail-on", "never", "-q"], tree, EKSLINT_CACHE_DIR=str(env_dir)).returncode == 0
    assert env_dir.is_dir() and not default.exists()


def test_cli_with_a_corrupt_cache(tree: Path) -> None:
    first = _cli([".", "--fail-on", "never"], tree)
    entries = [p for p in (tree.parent / "xdg" / "ekslint").rglob("*") if p.is_file()]
    assert entries
    for p in entries:
        p.write_bytes(b"\xff" * 7)
    again = _cli([".", "--fail-on", "never"], tree)
    assert (again.returncode, again.stdout, again.stderr) == (first.returncode, first.stdout, first.stderr)


# -- Lark trees as tuples --------------------------------------------------------------------------


@pytest.mark.parametrize("tf", sorted(FIXTURES.glob("*/*/*.tf"))[:40], ids=lambda p: str(p.relative_to(FIXTURES)))
def test_tree_round_trip(tf: Path) -> None:
    try:
        tree = hcl_eval.parse(tf.read_text())
    except hcl_eval.HclSyntaxError:
        pytest.skip("does not parse")
    back = parallel.decode_tree(marshal.loads(marshal.dumps(parallel.encode_tree(tree))))
    assert back == tree
    orig = [(t.type, str(t), t.line, t.column, t.end_line, t.end_column) for t in tree.scan_values(lambda _: True)]
    again = [(t.type, str(t), t.line, t.column, t.end_line, t.end_column) for t in back.scan_values(lambda _: True)]
    assert orig == again
    metas = [(s.meta.line, s.meta.column, s.meta.end_line, s.meta.end_column) for s in tree.iter_subtrees() if not s.meta.empty]
    assert metas == [(s.meta.line, s.meta.column, s.meta.end_line, s.meta.end_column) for s in back.iter_subtrees() if not s.meta.empty]


# -- parallel parse --------------------------------------------------------------------------------


def test_parallel_parse_gives_the_same_report(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    serial = findings(run([tree], base=tree))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setenv("EKSLINT_JOBS", "2")
    used: list[int] = []
    real = parallel.preload

    def spy(*args: object, **kw: object) -> parallel.Preloaded:
        pre = real(*args, **kw)  # type: ignore[arg-type]
        used.append(pre.workers)
        return pre

    monkeypatch.setattr(parallel, "preload", spy)
    assert findings(run([tree], base=tree)) == serial
    assert used == [2]


def test_broken_pool_falls_back_to_serial(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    serial = findings(run([tree], base=tree))
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setenv("EKSLINT_JOBS", "2")

    class Broken:
        def __init__(self, *a: object, **kw: object) -> None:
            raise OSError("no processes here")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Broken)
    assert findings(run([tree], base=tree)) == serial


def test_worker_error_is_reported_like_a_serial_one(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_MIN_FILES", 0)
    monkeypatch.setenv("EKSLINT_JOBS", "2")
    from ekslint.load import yaml_docs

    real = yaml_docs.load_text_file

    def flaky(sf, kind):  # type: ignore[no-untyped-def]
        if sf.display.endswith("EKS502/bad/karpenter.yaml"):
            raise RuntimeError("loader bug")
        return real(sf, kind)

    monkeypatch.setattr(yaml_docs, "load_text_file", flaky)
    report = run([tree], base=tree)
    assert len(report.internal_errors) == 1 and "EKS502/bad/karpenter.yaml" in report.internal_errors[0]
    assert report.findings  # the other files are still checked


def test_small_runs_start_no_process(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import concurrent.futures

    def forbidden(*a: object, **kw: object) -> None:
        raise AssertionError("a pool was started for a small run")

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", forbidden)
    monkeypatch.setenv("EKSLINT_JOBS", "2")
    assert run([tree], base=tree).findings
