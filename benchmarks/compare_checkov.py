"""Time ekslint and checkov side by side on the same trees, and ekslint's growth with tree size.

Usage:
  python benchmarks/compare_checkov.py [--corpus DIR] [--files N] [--growth 500,1000,2000,4000]
                                       [--checkov PATH] [--repeat R] [--workdir DIR] [--markdown]

Every measurement runs the command in a fresh process (imports and start-up count, as in CI) and
records wall time, CPU time and peak memory: the largest single process (getrusage max RSS) and the
whole process tree (sum of PSS, so pages shared by forked workers count once) sampled from /proc every
20 ms (checkov and a parallel ekslint start worker processes).
Trees: --corpus (default ../shared/corpus when present) and a tree of --files generated files
(benchmarks/generate_tree.py). checkov is found with --checkov, $CHECKOV, or on PATH; without it the
checkov columns are skipped. It runs as `checkov -d TREE --quiet --compact` (every framework, as a user
would run it) and restricted to `--framework terraform kubernetes` (only the parsers EKS files need).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

from generate_tree import generate  # noqa: E402

# runs argv, samples the process tree's RSS, prints one JSON line
_WRAPPER = r"""
import json, os, resource, subprocess, sys, threading, time

def tree_pss_kb(pid):
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/smaps_rollup") as f:
                for line in f:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
            for t in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{t}/children") as f:
                    todo.extend(int(c) for c in f.read().split())
        except (OSError, ValueError):
            pass
    return total

t0 = time.perf_counter()
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
peak = 0
done = threading.Event()
def sample():
    global peak
    while not done.is_set():
        peak = max(peak, tree_pss_kb(proc.pid))
        done.wait(0.02)
th = threading.Thread(target=sample, daemon=True)
if os.path.isdir("/proc"):
    th.start()
rc = proc.wait()
wall = time.perf_counter() - t0
done.set()
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "max_rss_kb": ru.ru_maxrss, "tree_kb": peak,
                  "cpu": ru.ru_utime + ru.ru_stime}))
"""


@dataclass
class Sample:
    wall: float
    cpu: float
    max_rss_mb: float
    tree_mb: float
    rc: int


def measure(argv: list[str], repeat: int = 1, timeout: float = 3600) -> Sample:
    """Median wall time of `repeat` fresh runs, with the peak memory seen."""
    runs = []
    for _ in range(repeat):
        out = subprocess.run([sys.executable, "-c", _WRAPPER, *argv], capture_output=True, text=True, timeout=timeout, check=True)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return Sample(
        wall=statistics.median(r["wall"] for r in runs),
        cpu=statistics.median(r["cpu"] for r in runs),
        max_rss_mb=max(r["max_rss_kb"] for r in runs) / 1024,
        tree_mb=max(r["tree_kb"] for r in runs) / 1024,
        rc=runs[-1]["rc"],
    )


def ekslint_argv(tree: Path, cache_dir: Path | None = None) -> list[str]:
    """`ekslint check TREE`: without a parse cache (cold, as checkov always is), or with `cache_dir`."""
    exe = shutil.which("ekslint", path=str(Path(sys.executable).parent)) or shutil.which("ekslint")
    base = [exe] if exe else [sys.executable, "-m", "ekslint"]
    cache = ["--cache-dir", str(cache_dir)] if cache_dir else ["--no-cache"]
    return [*base, "check", str(tree), "--fail-on", "never", "--format", "json", *cache]


def find_checkov(explicit: str | None) -> str | None:
    for cand in (explicit, os.environ.get("CHECKOV"), shutil.which("checkov"), "/work/ckvenv/bin/checkov"):
        if cand and Path(cand).is_file() and os.access(cand, os.X_OK):
            return cand
    return None


def count_files(tree: Path) -> int:
    return sum(1 for p in tree.rglob("*") if p.is_file() and p.suffix in (".yaml", ".yml", ".json", ".tf", ".txt", ".sh"))


def row(name: str, s: Sample, files: int | None = None) -> str:
    per = f" {s.wall / files * 1000:8.2f} {s.tree_mb / files * 1024:9.1f}" if files else f" {'':8} {'':9}"
    return f"{name:58} {s.wall:8.2f} {s.cpu:8.2f} {s.max_rss_mb:9.1f} {s.tree_mb:9.1f}{per}"


HEADER = f"{'command':58} {'wall s':>8} {'cpu s':>8} {'RSS MiB':>9} {'PSS MiB':>9} {'ms/file':>8} {'KiB/file':>9}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--files", type=int, default=2000, help="size of the generated tree compared with checkov")
    ap.add_argument("--growth", default="500,1000,2000,4000", help="generated tree sizes for ekslint's growth ('' skips)")
    ap.add_argument("--checkov", default=None)
    ap.add_argument("--repeat", type=int, default=3, help="ekslint runs per measurement (checkov runs once)")
    ap.add_argument("--workdir", type=Path, default=None, help="where generated trees go (default: a temporary directory)")
    ns = ap.parse_args()

    work = ns.workdir or Path(tempfile.mkdtemp(prefix="ekslint-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    checkov = find_checkov(ns.checkov)
    print(f"# python {platform.python_version()}, {os.cpu_count()} cores, {platform.machine()}; checkov: {checkov or 'not found (skipped)'}")
    if checkov:
        ver = subprocess.run([checkov, "--version"], capture_output=True, text=True, check=False).stdout.strip()
        print(f"# checkov {ver}")

    # single small file, cold (fresh process each time)
    small = ROOT / "examples" / "eksctl" / "cluster.yaml"
    if small.is_file():
        alone = work / "single" / small.name
        alone.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(small, alone)
        print("\n## single small file, cold process")
        print(HEADER)
        print(row(f"ekslint check {small.name} (alone in a folder)", measure(ekslint_argv(alone), max(ns.repeat, 5))))
        # inside a repository the rest of it is read as context (pre-commit style): cold, then cached
        print(row(f"ekslint check {small.relative_to(ROOT)} (in this repository)", measure(ekslint_argv(small), ns.repeat)))
        cache_dir = work / "cache-single"
        measure(ekslint_argv(small, cache_dir))
        print(row("  the same, parse cache filled", measure(ekslint_argv(small, cache_dir), max(ns.repeat, 5))), flush=True)

    trees: list[tuple[str, Path]] = []
    if ns.corpus.is_dir():
        trees.append((f"corpus ({count_files(ns.corpus)} files)", ns.corpus))
    gen = work / f"gen-{ns.files}"
    n = generate(gen, ns.files)
    trees.append((f"generated ({n} files)", gen))

    for label, tree in trees:
        print(f"\n## {label}: {tree}")
        print(HEADER)
        eks = measure(ekslint_argv(tree), ns.repeat)
        print(row("ekslint check --no-cache", eks), flush=True)
        cache_dir = work / f"cache-{tree.name}"
        shutil.rmtree(cache_dir, ignore_errors=True)
        measure(ekslint_argv(tree, cache_dir))  # fills the cache
        print(row("ekslint check (parse cache filled)", measure(ekslint_argv(tree, cache_dir), ns.repeat)), flush=True)
        if checkov:
            for name, extra in (("checkov -d (all frameworks)", []), ("checkov -d --framework terraform kubernetes",
                                                                     ["--framework", "terraform", "kubernetes"])):
                ck = measure([checkov, "-d", str(tree), "--quiet", "--compact", *extra])
                print(row(name, ck) + f"   ekslint is {ck.wall / eks.wall:5.1f}x faster, {ck.tree_mb / max(eks.tree_mb, 1):4.1f}x less memory",
                      flush=True)

    sizes = [int(s) for s in ns.growth.split(",") if s.strip()]
    if sizes:
        print("\n## ekslint growth with tree size (generated trees)")
        print(HEADER)
        for size in sizes:
            tree = work / f"gen-{size}"
            if tree != gen:
                generate(tree, size)
            print(row(f"ekslint check ({size} files)", measure(ekslint_argv(tree), ns.repeat), size), flush=True)
    if ns.workdir is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
