"""Parse results cached by content hash, so that checking a repository a second time costs little.

What is cached (measured: parsing is most of a run's time; see the README, "pre-commit and partial
runs"):

- the Lark parse tree of a ``.tf`` file (python-hcl2's parser is the slowest part of reading
  Terraform), stored as nested tuples with `marshal` (twice as fast to load as to parse, and
  faster than pickling Lark objects);
- the documents of a YAML / JSON / user-data file (the positioned ``V`` trees that the YAML
  composer and ekslint's converter produce), pickled.

An entry's key is the sha256 of the file's bytes, the loader kind and, for YAML, the path shown to
users (positions carry it). Entries live under a folder named after the ekslint version, the
Python version and the loader sources, so a new ekslint (or an edited loader) never reads old
entries; folders of other versions are removed when a new one is created.

Where: ``--cache-dir DIR``, else ``$EKSLINT_CACHE_DIR``, else ``$XDG_CACHE_HOME/ekslint``
(``~/.cache/ekslint``). Not in the checked repository: entries are unpickled, so a folder that
the checked files could bring along (a ``.ekslint_cache`` committed to a repository) would let a
repository run code on the machine that checks it. Entries are keyed by content, so one folder
serves every repository. A cache folder holds a ``.gitignore`` of ``*``, so pointing
``--cache-dir`` into a work tree does not add it to git. ``--no-cache`` or ``EKSLINT_NO_CACHE=1``
turn the cache off.

A cache that cannot be read or written (corrupt entry, full disk, read-only folder) never fails a
run: the entry is parsed again, and writing stops for the rest of the run.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from ekslint import __version__

FORMAT = 1  # bump when the layout of an entry changes
_PROBE = ("load/yaml_docs.py", "load/hcl_eval.py", "values.py", "documents.py", "extract/userdata.py", "cache.py")
_MISS: Any = object()


def disabled_by_env() -> bool:
    return os.environ.get("EKSLINT_NO_CACHE", "").strip().lower() not in ("", "0", "false", "no")


def _tag() -> str:
    """The folder name of this ekslint's entries: version, Python, loader sources, hcl2 version."""
    h = hashlib.sha256(f"{__version__}|{FORMAT}|{sys.version_info[:2]}".encode())
    here = Path(__file__).resolve().parent
    for rel in _PROBE:
        try:
            st = (here / rel).stat()
            h.update(f"{rel}:{st.st_mtime_ns}:{st.st_size}".encode())
        except OSError:
            h.update(rel.encode())
    try:
        from importlib.util import find_spec

        spec = find_spec("hcl2")
        origin = spec.origin if spec is not None else None
        if origin:
            st = Path(origin).stat()
            h.update(f"hcl2:{origin}:{st.st_mtime_ns}".encode())
    except (ImportError, ValueError, OSError):
        pass
    return f"v{__version__}-{h.hexdigest()[:12]}"


def default_dir() -> Path:
    """Where the cache lives (see the module docs)."""
    env = os.environ.get("EKSLINT_CACHE_DIR", "").strip()
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(xdg) if xdg else Path.home() / ".cache") / "ekslint"


class ParseCache:
    """A folder of parse results, keyed by content hash. Every method swallows its own failures."""

    def __init__(self, directory: Path) -> None:
        self.root = directory
        self.dir = directory / _tag()
        self.writable = True
        self._ready = False
        self.hits = 0
        self.misses = 0

    # -- keys ----------------------------------------------------------------------------------

    @staticmethod
    def key(loader: str, text: str, *extra: str) -> str:
        h = hashlib.sha256(loader.encode())
        for e in extra:
            h.update(b"\0" + e.encode("utf-8", "surrogatepass"))
        h.update(b"\0\0" + text.encode("utf-8", "surrogatepass"))
        return h.hexdigest()

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / key[2:]

    # -- read ----------------------------------------------------------------------------------

    def get(self, key: str) -> Any:
        """The stored value, or `MISS` (absent, unreadable or corrupt)."""
        try:
            data = self._path(key).read_bytes()
            value = marshal.loads(data[1:]) if data[:1] == b"m" else pickle.loads(data[1:]) if data[:1] == b"p" else _MISS
        except Exception:  # absent, unreadable, truncated or from another Python: parse again
            value = _MISS
        if value is _MISS:
            self.misses += 1
        else:
            self.hits += 1
        return value

    # -- write ---------------------------------------------------------------------------------

    def put(self, key: str, value: Any, *, use_marshal: bool = False) -> None:
        if not self.writable:
            return
        try:
            data = b"m" + marshal.dumps(value) if use_marshal else b"p" + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
            self._prepare()
            target = self._path(key)
            target.parent.mkdir(exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(data)
                os.replace(tmp, target)
            except BaseException:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                raise
        except Exception:  # read-only, full, not picklable: stop writing for this run
            self.writable = False

    def _prepare(self) -> None:
        if self._ready:
            return
        self.root.mkdir(parents=True, exist_ok=True)
        ignore = self.root / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# created by ekslint: the parse cache is not part of the repository\n*\n", encoding="utf-8")
        if not self.dir.is_dir():
            self.dir.mkdir(exist_ok=True)
            for other in self.root.iterdir():  # entries of other ekslint versions are never read again
                if other.is_dir() and other.name.startswith("v") and other != self.dir:
                    shutil.rmtree(other, ignore_errors=True)
        self._ready = True


MISS = _MISS


def open_cache(directory: Path | None = None, enabled: bool = True) -> ParseCache | None:
    """The run's cache, or None when it is turned off (``--no-cache``, ``EKSLINT_NO_CACHE=1``)."""
    if not enabled or disabled_by_env():
        return None
    try:
        return ParseCache(directory or default_dir())
    except Exception:
        return None
