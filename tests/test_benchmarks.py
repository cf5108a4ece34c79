"""The benchmark's generated tree: the requested number of files, the same for the same seed,
and every file readable by ekslint (no parse problems, no internal errors)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from ekslint.engine import run

GENERATOR = Path(__file__).resolve().parent.parent / "benchmarks" / "generate_tree.py"


def _generate(out: Path, files: int) -> int:
    spec = importlib.util.spec_from_file_location("generate_tree", GENERATOR)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.generate(out, files)


def test_generated_tree_is_deterministic_and_parses(tmp_path: Path) -> None:
    assert _generate(tmp_path / "a", 40) == 40
    assert _generate(tmp_path / "b", 40) == 40
    a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(a) == 40 and {p.suffix for p in a} == {".yaml", ".tf"}
    assert all((tmp_path / "a" / p).read_bytes() == (tmp_path / "b" / p).read_bytes() for p in a)
    report = run([tmp_path / "a"], base=tmp_path / "a")
    assert report.internal_errors == []
    assert [f for f in report.findings if f.rule_id in ("EKS001", "EKS002")] == []
    assert report.findings  # some generated files carry the mistakes ekslint reports
