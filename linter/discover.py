"""Find the files to check and read them as text."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

from ekslint.documents import LoadProblem, SourceFile
from ekslint.values import Span

SKIP_DIRS = {".git", ".ekslint_cache", ".terraform", "node_modules", ".venv", "venv", "__pycache__", ".tox", ".mypy_cache"}
YAML_EXT = {".yaml", ".yml", ".json"}
TF_EXT = {".tf"}
TF_JSON_SUFFIX = ".tf.json"
TFVARS_SUFFIXES = (".tfvars",)
TERRAGRUNT_NAME = "terragrunt.hcl"
# files whose content may be user data (MIME, NodeConfig, bootstrap.sh scripts) or YAML
TEXT_EXT = {".txt", ".sh", ".tpl", ".tftpl", ".template", ".userdata", ".mime", ".cfg", ".ps1", ".toml"}
MAX_BYTES = 5 * 1024 * 1024
# the HCL parser needs about 200 MB and 10 s per MB: real Terraform files are far below this
MAX_TF_BYTES = 2 * 1024 * 1024


def kind_of_path(p: Path) -> str | None:
    """'yaml' | 'tf' | 'tfvars' | 'terragrunt' | 'text' | None (not ours), from the name; content decides later."""
    name = p.name.lower()
    suffix = p.suffix.lower()
    if name == TERRAGRUNT_NAME:  # other .hcl files (root.hcl, stacks, Packer, Nomad) are not read
        return "terragrunt"
    if suffix in TF_EXT or name.endswith(TF_JSON_SUFFIX):  # Terraform's JSON syntax too (CDKTF output)
        return "tf"
    if name.endswith(TFVARS_SUFFIXES):
        return "tfvars"
    if suffix in YAML_EXT:
        return "yaml"
    if suffix in TEXT_EXT or (suffix == "" and "userdata" in name.replace("-", "").replace("_", "")):
        return "text"
    return None


def walk(paths: list[Path], exclude: Callable[[Path], bool] | None = None) -> Iterator[tuple[Path, str]]:
    """Yield (file, kind-by-name) for every candidate under `paths`, sorted, symlink loops safe.

    `exclude(path)` True leaves a file (also one named explicitly) or a directory below a given
    path out; a directory given explicitly is still walked."""
    seen_dirs: set[tuple[int, int]] = set()
    for root in paths:
        # named explicitly: always try it (a dangling or looping link is reported, not dropped)
        if not root.is_dir() and (root.exists() or root.is_symlink()):
            if exclude is not None and exclude(root):
                continue
            yield root, kind_of_path(root) or "yaml"  # named explicitly: always try it
            continue
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True):
            try:
                st = os.stat(dirpath)
            except OSError:
                dirnames[:] = []
                continue
            key = (st.st_dev, st.st_ino)
            if key in seen_dirs:
                dirnames[:] = []
                continue
            seen_dirs.add(key)
            dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS)
            if exclude is not None:
                dirnames[:] = [d for d in dirnames if not exclude(Path(dirpath) / d)]
            for f in sorted(filenames):
                p = Path(dirpath) / f
                k = kind_of_path(p)
                if k is not None and (exclude is None or not exclude(p)):
                    yield p, k


def display_path(p: Path, base: Path) -> str:
    """`p` relative to `base`; a symlinked file keeps its own name (not its target's, which may not exist)."""
    try:
        return (p.parent.resolve() / p.name).relative_to(base.resolve()).as_posix()
    except (ValueError, OSError):
        return p.as_posix()


def read(p: Path, display: str) -> SourceFile | LoadProblem:
    """Read a file as UTF-8 text (BOM stripped, CRLF folded), or say why not."""
    try:
        st = os.stat(p)
        if not stat.S_ISREG(st.st_mode):
            return LoadProblem(Span(display, 1), "not a regular file; skipped", "EKS002")
        hcl = kind_of_path(p) in ("tf", "tfvars", "terragrunt") and not p.name.lower().endswith(TF_JSON_SUFFIX)
        limit = MAX_TF_BYTES if hcl else MAX_BYTES
        if st.st_size > limit:
            return LoadProblem(Span(display, 1), f"file is larger than {limit // (1024 * 1024)} MB; skipped", "EKS002")
        data = p.read_bytes()
    except OSError as e:
        return LoadProblem(Span(display, 1), f"cannot read file: {e.strerror or e}", "EKS002")
    if b"\0" in data[:8192]:
        return LoadProblem(Span(display, 1), "binary file; skipped", "EKS002")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return LoadProblem(Span(display, line), "file is not valid UTF-8; skipped", "EKS002")
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return SourceFile(p, display, text)
