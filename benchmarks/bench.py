"""Benchmark ekslint: cold single-file runs and whole-tree runs, wall time and peak memory.

Usage: python benchmarks/bench.py [--repeat N] [TREE ...]
Each measurement runs `python -m ekslint check` in a fresh process (so imports count, as in a
pre-commit hook), without the parse cache, and reads the child's peak RSS from getrusage.
For the side-by-side comparison with checkov and growth with tree size, see compare_checkov.py.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_FILE = ROOT / "examples"


def measure(args: list[str], repeat: int) -> tuple[float, float, float]:
    """(median seconds, min seconds, peak RSS MiB) over `repeat` fresh processes."""
    times = []
    peak = 0.0
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "ekslint", "check", *args, "--fail-on", "never", "--format", "json", "--no-cache"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t0)
        after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        peak = max(peak, after / 1024, before / 1024)
    return statistics.median(times), min(times), peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("trees", nargs="*")
    ns = ap.parse_args()
    single = next((p for p in sorted(DEFAULT_FILE.rglob("*.yaml"))), None)
    rows = []
    if single is not None:
        rows.append((f"single file {single.relative_to(ROOT)}", *measure([str(single)], ns.repeat)))
    shared = ROOT.parent / "shared" / "corpus"
    trees = [Path(t) for t in ns.trees] or ([shared] if shared.is_dir() else [])
    for tree in trees:
        files = sum(1 for _ in tree.rglob("*") if _.is_file())
        rows.append((f"tree {tree} ({files} files)", *measure([str(tree)], max(1, ns.repeat // 2))))
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    print(f"{'what':60} {'median s':>9} {'min s':>7} {'peak MiB':>9}")
    for name, med, mn, peak in rows:
        print(f"{name:60} {med:9.3f} {mn:7.3f} {peak:9.1f}")


if __name__ == "__main__":
    main()
