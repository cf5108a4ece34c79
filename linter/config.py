"""The configuration file: ``.ekslint.yaml`` (or ``.ekslint.yml``) or ``[tool.ekslint]`` in ``pyproject.toml``.

Discovery: from the directory of the first checked path (the working directory for ``-``), each
directory upwards is looked at, in this order: ``.ekslint.yaml``, ``.ekslint.yml``,
``pyproject.toml`` with a ``[tool.ekslint]`` table (a ``pyproject.toml`` without one is passed
over). The first one found is the configuration; configurations are not merged. The walk stops
at the filesystem root, and after the first directory that contains ``.git`` (the repository
root), so that a file in a parent of the repository never applies to it.

Keys (everything is optional; anything else is an error, and so is a wrong type)::

    select: [EKS1, EKS401]           # rule ids, id prefixes or rule names
    ignore: [EKS5]
    severity: {EKS201: warning, EKS105: off}   # error | warning | note | off
    per-path-ignores: {"legacy/**": [EKS4], "**/test-*.yaml": [EKS001]}
    exclude: ["vendor/**", "charts"]
    assume: {cluster-version: "1.30", authentication-mode: API, partition: aws-cn}
    fail-on: warning                 # error | warning | note | never
    format: sarif                    # text | json | sarif | github | ...

Globs (``per-path-ignores``, ``exclude``) are relative to the configuration file's directory;
``*`` and ``?`` stay within one path segment, ``**`` spans any number of them, a glob without
``/`` matches at any depth, and a glob that matches a directory applies to everything in it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ekslint.cli import UsageError
from ekslint.findings import Finding, Severity

if TYPE_CHECKING:
    from ekslint.context import Options
    from ekslint.rule import RuleUnit

FILE_NAMES = (".ekslint.yaml", ".ekslint.yml")
PYPROJECT = "pyproject.toml"
KEYS = ("select", "ignore", "severity", "per-path-ignores", "exclude", "assume", "fail-on", "format")
ASSUME_KEYS = ("cluster-version", "authentication-mode", "partition")
SEVERITIES = ("error", "warning", "note", "off")
FAIL_ON = ("error", "warning", "note", "never")
AUTH_MODES = ("API", "API_AND_CONFIG_MAP", "CONFIG_MAP")
_RULE_ID = re.compile(r"^EKS\d{0,3}$", re.IGNORECASE)


class ConfigError(UsageError):
    """A configuration file that cannot be used: the command exits 2 with this one-line message."""


@dataclass
class Config:
    path: Path | None = None  # None: no configuration file
    select: list[str] | None = None
    ignore: list[str] | None = None
    severity: dict[str, str] = field(default_factory=dict)  # selector → error | warning | note | off
    per_path_ignores: list[tuple[str, list[str]]] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    cluster_version: str | None = None
    authentication_mode: str | None = None
    partition: str | None = None
    fail_on: str | None = None
    format: str | None = None

    @property
    def root(self) -> Path:
        """The directory the globs are relative to."""
        return self.path.parent if self.path is not None else Path.cwd().resolve()

    def options(self) -> Options:
        from ekslint.context import Options

        return Options(
            default_cluster_version=self.cluster_version,
            default_authentication_mode=self.authentication_mode,
            default_partition=self.partition,
        )

    def excluded(self, path: Path) -> bool:
        """True when `path` (a file or directory on disk) matches an ``exclude`` glob."""
        if not self.exclude:
            return False
        rel = _relative(path, self.root)
        return rel is not None and any(glob_match(g, rel) for g in self.exclude)

    def excluder(self, also: Iterable[Path | None] = ()) -> Callable[[Path], bool]:
        """What discovery leaves out: ``exclude`` matches, ekslint's own configuration files, and
        the files `also` names (the baseline files of the run)."""
        skip = {p.absolute().resolve() for p in also if p is not None}
        names = {p.name for p in skip}

        def excluded(path: Path) -> bool:
            if path.name in FILE_NAMES:
                return True
            if path.name in names and path.absolute().resolve() in skip:
                return True
            return self.excluded(path)

        return excluded

    def apply(self, findings: Iterable[Finding], base: Path) -> list[Finding]:
        """Per-rule severities (``off`` drops) and per-path ignores, applied to a run's findings.

        `base` is the directory the findings' display paths are relative to."""
        if not self.severity and not self.per_path_ignores:
            return list(findings)
        out: list[Finding] = []
        for f in findings:
            level = self._severity_for(f.rule_id)
            if level == "off" or self._ignored_at(f.rule_id, f.span.file, base):
                continue
            if level is not None and Severity.parse(level) is not f.severity:
                f = replace(f, severity=Severity.parse(level))
            out.append(f)
        return out

    def _severity_for(self, rule_id: str) -> str | None:
        best: tuple[int, str] | None = None
        for sel, level in self.severity.items():
            rank = _specificity(sel, rule_id)
            if rank and (best is None or rank > best[0]):
                best = (rank, level)
        return best[1] if best else None

    def _ignored_at(self, rule_id: str, file: str, base: Path) -> bool:
        if not self.per_path_ignores or file == "-":
            return False
        p = Path(file)
        rel = _relative(p if p.is_absolute() else base / p, self.root)
        if rel is None:
            return False
        return any(
            glob_match(g, rel) and any(_specificity(s, rule_id) for s in sels) for g, sels in self.per_path_ignores
        )


# -- rule selectors ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _names() -> dict[str, str]:
    from ekslint.rules import all_rules

    return {u.rule.name: u.id for u in all_rules()}


def _specificity(selector: str, rule_id: str) -> int:
    """How closely `selector` names `rule_id`: 0 not at all, 100 exactly, else the prefix length."""
    if selector == rule_id or _names().get(selector) == rule_id:
        return 100
    return len(selector) if _RULE_ID.match(selector) and rule_id.startswith(selector) else 0


def _check_selector(where: str, value: Any, rules: Sequence[RuleUnit]) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"{where}: expected a rule id, id prefix or rule name, got {_show(value)}")
    sel = value.strip()
    if _RULE_ID.match(sel):
        sel = sel.upper()
        if any(r.id.startswith(sel) for r in rules):
            return sel
    elif sel in {r.rule.name for r in rules}:
        return sel
    if _RULE_ID.match(sel):
        raise ConfigError(f"{where}: no rule is {sel!r} or starts with it (`ekslint rules` lists them)")
    raise ConfigError(f"{where}: unknown rule {sel!r}{_did_you_mean(sel, [r.rule.name for r in rules])}")


# -- globs -----------------------------------------------------------------------------------------


@lru_cache(maxsize=512)
def _glob_regex(glob: str) -> re.Pattern[str]:
    g = glob.strip().replace("\\", "/")
    while g.startswith("./"):
        g = g[2:]
    g = g.strip("/") if g != "/" else g
    anchored = "/" in g
    out = []
    i = 0
    while i < len(g):
        c = g[i]
        if g.startswith("**/", i):
            out.append("(?:[^/]*/)*")
            i += 3
        elif g.startswith("**", i):
            out.append(".*")
            i += 2
        elif c == "*":
            out.append("[^/]*")
            i += 1
        elif c == "?":
            out.append("[^/]")
            i += 1
        elif c == "[":
            j = g.find("]", i + 2)
            if j == -1:
                out.append(re.escape(c))
                i += 1
            else:
                body = g[i + 1 : j]
                if body.startswith("!"):
                    body = "^" + body[1:]
                out.append(f"[{body.replace(chr(92), chr(92) * 2)}]")
                i = j + 1
        else:
            out.append(re.escape(c))
            i += 1
    prefix = "" if anchored else "(?:[^/]*/)*"
    # a glob that names a directory applies to everything below it
    return re.compile(f"^{prefix}{''.join(out)}(?:/.*)?$", re.S)


def glob_match(glob: str, rel: str) -> bool:
    """Whether the ``/``-separated relative path `rel` matches `glob` (see the module docs)."""
    return _glob_regex(glob).match(rel) is not None


def _relative(path: Path, root: Path) -> str | None:
    try:
        return path.absolute().resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return None


# -- discovery -------------------------------------------------------------------------------------


def find(start: Path) -> Path | None:
    """The configuration file that applies to `start` (a file or directory), or None."""
    try:
        here = start.absolute().resolve()
    except (OSError, RuntimeError):  # RuntimeError: a symlink loop (Python < 3.13)
        return None
    if not here.is_dir():
        here = here.parent
    for d in (here, *here.parents):
        names = [n for n in FILE_NAMES if (d / n).is_file()]
        if len(names) > 1:
            raise ConfigError(f"{d / names[0]} and {d / names[1]} both exist; keep one")
        if names:
            return d / names[0]
        if (d / PYPROJECT).is_file() and _pyproject_table(d / PYPROJECT) is not None:
            return d / PYPROJECT
        if (d / ".git").exists():
            return None
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    """A TOML file as a dict; a configuration error (exit 2) when it cannot be read or parsed."""
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise ConfigError(f"{_shown(path)}: not UTF-8 text") from e
    except OSError as e:
        raise ConfigError(f"{_shown(path)}: cannot read: {e.strerror or e}") from e
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{_shown(path)}: not valid TOML: {e}") from e
    return data


def _pyproject_table(path: Path) -> Any:
    data = _read_toml(path)
    tool = data.get("tool")
    return tool.get("ekslint") if isinstance(tool, dict) else None


def _read_yaml(path: Path) -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{_shown(path)}: not UTF-8 text") from e
    except OSError as e:
        raise ConfigError(f"{_shown(path)}: cannot read: {e.strerror or e}") from e
    try:
        data = YAML(typ="safe", pure=True).load(text)
    except YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ConfigError(f"{_shown(path)}{where}: not valid YAML: {problem}") from e
    except RecursionError as e:
        raise ConfigError(f"{_shown(path)}: not valid YAML: nested too deeply") from e
    return {} if data is None else data


def load_file(path: Path) -> Config:
    """Read and validate one configuration file (YAML, or the ``[tool.ekslint]`` table of a pyproject.toml)."""
    if not path.is_file():
        raise ConfigError(f"configuration file not found: {path}")
    shown = _shown(path)
    if path.name == PYPROJECT or path.suffix == ".toml":
        table = _pyproject_table(path) if path.name == PYPROJECT else _toml(path)
        data = {} if table is None else table
        label = f"{shown} [tool.ekslint]" if path.name == PYPROJECT else shown
    else:
        data = _read_yaml(path)
        label = shown
    cfg = parse(data, label)
    cfg.path = path.absolute().resolve()
    return cfg


def _shown(path: Path) -> str:
    """`path` relative to the working directory when it is below it."""
    rel = _relative(path, Path.cwd())
    return rel if rel is not None else str(path)


def _toml(path: Path) -> Any:
    data = _read_toml(path)
    tool = data.get("tool")
    if isinstance(tool, dict) and "ekslint" in tool:
        return tool["ekslint"]
    return data


def load(paths: Sequence[str], explicit: Path | None = None, disabled: bool = False) -> Config:
    """The configuration of a run: `explicit` (``--config``), else the one found from the first path."""
    if disabled:
        return Config()
    if explicit is not None:
        return load_file(explicit)
    found = find(Path(paths[0]) if paths and paths[0] != "-" else Path.cwd())
    return load_file(found) if found is not None else Config()


# -- validation ------------------------------------------------------------------------------------


def _show(value: Any) -> str:
    kinds = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "a list", dict: "a mapping"}
    if value is None:
        return "nothing"
    return kinds.get(type(value), type(value).__name__) + (f" ({value!r})" if isinstance(value, (int, float, str)) else "")


def _did_you_mean(word: str, choices: Iterable[str]) -> str:
    choices = list(choices)
    folded = {c.lower().replace("_", "-"): c for c in choices}
    hit = difflib.get_close_matches(word.lower().replace("_", "-"), list(folded), n=1, cutoff=0.6)
    return f"; did you mean {folded[hit[0]]!r}?" if hit else ""


def _mapping(where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ConfigError(f"{where}: expected a mapping, got {_show(value)}")
    for k in value:
        if not isinstance(k, str):
            raise ConfigError(f"{where}: keys must be strings, got {_show(k)}")
    return value


def _string_list(where: str, value: Any) -> list[str]:
    if isinstance(value, str):  # a single item written without brackets
        value = [value]
    if not isinstance(value, list):
        raise ConfigError(f"{where}: expected a list of strings, got {_show(value)}")
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise ConfigError(f"{where}[{i}]: expected a non-empty string, got {_show(item)}")
    return [v.strip() for v in value]


def _choice(where: str, value: Any, choices: Sequence[str], *, fold: bool = True) -> str:
    if value is False and "off" in choices:  # YAML 1.1 readers turn a bare `off` into false
        return "off"
    if not isinstance(value, str):
        raise ConfigError(f"{where}: expected one of {', '.join(choices)}, got {_show(value)}")
    text = value.strip().lower() if fold else value.strip().upper()
    if text not in choices:
        raise ConfigError(f"{where}: {value!r} is not one of {', '.join(choices)}{_did_you_mean(value, choices)}")
    return text


def parse(data: Any, label: str) -> Config:
    """Validate the configuration mapping `data` read from `label`."""
    from ekslint.report import FORMATS
    from ekslint.rules import all_rules

    rules = all_rules()
    top = _mapping(label, data)
    cfg = Config()
    for key, value in top.items():
        where = f"{label}: {key}"
        if key not in KEYS:
            raise ConfigError(f"{label}: unknown key {key!r}{_did_you_mean(key, KEYS)}")
        if key in ("select", "ignore"):
            sels = [_check_selector(f"{where}[{i}]", s, rules) for i, s in enumerate(_string_list(where, value))]
            setattr(cfg, key, sels)
        elif key == "severity":
            for sel, level in _mapping(where, value).items():
                rid = _check_selector(f"{where}: {sel}", sel, rules)
                cfg.severity[rid] = _choice(f"{where}: {sel}", level, SEVERITIES)
        elif key == "per-path-ignores":
            for glob, sels in _mapping(where, value).items():
                ids = [_check_selector(f"{where}: {glob}[{i}]", s, rules)
                       for i, s in enumerate(_string_list(f"{where}: {glob}", sels))]
                cfg.per_path_ignores.append((glob, ids))
        elif key == "exclude":
            cfg.exclude = _string_list(where, value)
        elif key == "assume":
            _assume(where, _mapping(where, value), cfg)
        elif key == "fail-on":
            cfg.fail_on = _choice(where, value, FAIL_ON)
        elif key == "format":
            cfg.format = _choice(where, value, FORMATS)
    return cfg


def _assume(where: str, table: dict[str, Any], cfg: Config) -> None:
    from ekslint.regions import PARTITIONS
    from ekslint.versions import parse_minor

    for key, value in table.items():
        at = f"{where}: {key}"
        if key not in ASSUME_KEYS:
            raise ConfigError(f"{where}: unknown key {key!r}{_did_you_mean(key, ASSUME_KEYS)}")
        if key == "cluster-version":
            if isinstance(value, float):
                raise ConfigError(f"{at}: write the version as a quoted string ('1.30'): {value!r} is read as a number")
            text = value.strip() if isinstance(value, str) else None
            minor = parse_minor(text) if text else None
            if minor is None or text is None or not re.fullmatch(r"v?\d+\.\d+", text):
                raise ConfigError(f"{at}: expected a Kubernetes version such as '1.30', got {_show(value)}")
            cfg.cluster_version = f"{minor[0]}.{minor[1]}"
        elif key == "authentication-mode":
            cfg.authentication_mode = _choice(at, value, AUTH_MODES, fold=False)
        else:
            cfg.partition = _choice(at, value, PARTITIONS)
