"""Partial runs: check some files of a repository with the rest of the repository as context.

pre-commit (and editors) call ``ekslint check a.yaml b.tf`` with only the changed files. Cross-file
rules need the others: the Karpenter EC2NodeClass whose role aws-auth must map, the module that
sets the cluster version. So when every path given is a file (not a directory, not ``-``):

1. the project root of each file is the nearest ancestor directory holding ``.git`` (a folder or,
   in a worktree or submodule, a file), ``.ekslint.yaml`` / ``.yml`` or a ``pyproject.toml`` with a
   ``[tool.ekslint]`` table;
2. every file under those roots is read, with the same discovery rules and excludes as
   ``ekslint check ROOT`` (skipped folders, the config's ``exclude``, which also leaves out a
   given file that it matches, as in a run without context);
3. the rules run on the whole model, and only findings whose primary location lies in a given
   file are reported (``N files checked`` counts the given files), together with findings inside
   a local Terraform module that a given file calls (the call is where the arguments changed).

Context files that cannot matter to another file are not parsed: a YAML, JSON or text file whose
bytes name none of eksctl, Karpenter, nodeadm (``node.eks``, ``NodeConfig``), aws-auth
(``mapRoles``/``mapUsers``/``mapAccounts``), ``bootstrap.sh`` or MIME user data (CI workflows,
Helm values, other Kubernetes manifests). Terraform files are always read (a module is all the
files of its folder).

A file with no project root above it is checked alone, and so are the given files when the walk
finds more than `MAX_CONTEXT_FILES` candidates (a home folder under git, say; a one-line warning
on stderr says so). ``--no-context`` turns all this off.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ekslint.engine import Report

MARKERS = (".git", ".ekslint.yaml", ".ekslint.yml")
# a context file naming none of these (lower-cased) is not parsed; see the module docs
RELEVANT = (b"eksctl", b"karpenter", b"node.eks", b"nodeconfig", b"nodeadm", b"maproles", b"mapusers",
            b"mapaccounts", b"aws-auth", b"bootstrap.sh", b"mime-version", b"multipart")
MAX_SNIFF = 5 * 1024 * 1024
MAX_CONTEXT_FILES = 20_000


def may_matter(p: Path, kind: str) -> bool:
    """Whether a context file can change the findings of another file."""
    if kind in ("tf", "tfvars", "terragrunt"):
        return True
    try:
        if not stat.S_ISREG(os.stat(p).st_mode):
            return False  # a named pipe or a device: opening it could block; its notice concerns only itself
        with p.open("rb") as fh:
            data = fh.read(MAX_SNIFF).lower()
    except OSError:
        return False  # unreadable: its notice would concern only itself
    return any(m in data for m in RELEVANT)


def _has_tool_ekslint(pyproject: Path) -> bool:
    try:
        text = pyproject.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    return any(line.strip().replace(" ", "").startswith("[tool.ekslint") for line in text.splitlines())


def is_project_root(d: Path) -> bool:
    try:
        if any((d / m).exists() for m in MARKERS):
            return True
        pyproject = d / "pyproject.toml"
        return pyproject.is_file() and _has_tool_ekslint(pyproject)
    except OSError:
        return False


def project_root(start: Path) -> Path | None:
    """The nearest ancestor of `start` (itself when a directory) that is a project root."""
    try:
        here = start.resolve()
    except (OSError, RuntimeError):
        return None
    if not here.is_dir():
        here = here.parent
    for d in (here, *here.parents):
        if is_project_root(d):
            return d
    return None


@dataclass
class Scope:
    """What to read (`paths`) and which files findings are reported for (`given`, resolved)."""

    paths: list[Path]
    given: set[Path] = field(default_factory=set)
    roots: list[Path] = field(default_factory=list)

    @property
    def partial(self) -> bool:
        return bool(self.roots)

    def restrict(self, report: Report, base: Path) -> Report:
        """Keep the findings located in a given file (or in a module instance it calls); count only the given files."""
        if not self.partial:
            return report
        from ekslint import discover

        shown = {discover.display_path(p, base) for p in self.given}
        # a finding inside a local Terraform module counts for the file that calls it
        report.findings = [f for f in report.findings
                           if f.span.file in shown or any(c.file in shown for c in f.span.via)]
        needed = shown | {f.span.file for f in report.findings}
        report.files = [f for f in report.files if f.display in needed]
        report.files_checked = len(self.given)
        return report


def plan(
    paths: list[Path],
    *,
    enabled: bool = True,
    exclude: Callable[[Path], bool] | None = None,
    warn: Callable[[str], None] | None = None,
) -> Scope:
    """The scope of a run over `paths` (see the module docs)."""
    if not enabled or not paths or not all(_is_file(p) for p in paths):
        return Scope(list(paths))
    given: dict[Path, Path] = {}
    for p in paths:
        if exclude is None or not exclude(p):  # the config's excludes apply to named files too
            given.setdefault(_resolved(p), p)
    roots: list[Path] = []
    for r in given:
        root = project_root(r)
        if root is not None and root not in roots:
            roots.append(root)
    if not roots:
        return Scope(list(paths))
    from ekslint import discover

    out: list[Path] = []
    seen: set[Path] = set()
    for root in sorted(roots):
        for n, (p, kind) in enumerate(discover.walk([root], exclude=exclude)):
            if n >= MAX_CONTEXT_FILES:
                (warn or _warn)(f"{root} holds more than {MAX_CONTEXT_FILES} files to read; checking the given files "
                                "without the rest of the repository as context (--no-context skips this walk)")
                return Scope(list(given.values()))
            rp = _resolved(p)
            if rp in seen:
                continue
            seen.add(rp)
            if rp in given:
                out.append(given[rp])
            elif may_matter(p, kind):
                out.append(p)
    for rp, p in given.items():  # named explicitly: read even inside a skipped folder (.terraform)
        if rp not in seen:
            seen.add(rp)
            out.append(p)
    return Scope(out, set(given), sorted(roots))


def _warn(message: str) -> None:
    import sys

    print(f"ekslint: warning: {message}", file=sys.stderr)


def _resolved(p: Path) -> Path:
    try:
        return p.resolve()
    except (OSError, RuntimeError):
        return p.absolute()


def _is_file(p: Path) -> bool:
    if str(p) == "-":
        return False
    try:
        return not p.is_dir()
    except OSError:
        return True
