"""The command line: ``ekslint check``, ``ekslint rules``, ``ekslint rule ID``.

Exit codes (a crash must never look like a clean run):

- 0: no finding at or above ``--fail-on`` (default: error);
- 1: findings at or above it;
- 2: usage or configuration error, or an internal failure (a loader, extractor or rule raised).
  One short message per failure goes to stderr; ``--debug`` prints the tracebacks.

typer is imported only when the command line is parsed (`make_app`), and the engine only when
a check runs, so ``import ekslint.cli`` stays cheap. (No ``from __future__ import annotations``
here: typer evaluates the annotations of the commands defined inside `make_app`.)
"""

import os
import re
import sys
import time
import traceback
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from ekslint import __version__
from ekslint.findings import Severity

if TYPE_CHECKING:
    import typer

    from ekslint.engine import Report
    from ekslint.rule import RuleUnit

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2
SELECTOR = re.compile(r"^EKS\d{0,3}$", re.IGNORECASE)


class Format(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"
    gitlab = "gitlab"


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    note = "note"
    never = "never"


class RulesFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


class UsageError(Exception):
    """A mistake on the command line or in the configuration: exit code 2."""


def _err(message: str) -> None:
    print(f"ekslint: {message}", file=sys.stderr)


# -- check ---------------------------------------------------------------------------------------


def split_selectors(values: Iterable[str] | None) -> list[str]:
    """`--select EKS1,EKS401 --select EKS5` → ["EKS1", "EKS401", "EKS5"]; rule ids upper-cased."""
    out: list[str] = []
    for value in values or ():
        for part in value.split(","):
            part = part.strip()
            if part:
                out.append(part.upper() if SELECTOR.match(part) else part)
    return out


def check_selectors(option: str, selectors: list[str], rules: "Sequence[RuleUnit]") -> None:
    """Reject selectors that cannot name a rule; warn about prefixes that match none (yet)."""
    names = {r.rule.name for r in rules}
    for s in selectors:
        if s in names:
            continue
        if not SELECTOR.match(s):
            raise UsageError(f"{option} {s!r}: not a rule id (EKS123), an id prefix (EKS4) or a rule name")
        if not any(r.id.startswith(s) for r in rules):
            _err(f"warning: {option} {s} matches no rule")


def fails(report: "Report", fail_on: str) -> bool:
    if fail_on == FailOn.never.value:
        return False
    from ekslint.report import active

    threshold = Severity.parse(fail_on)
    return any(f.severity >= threshold for f in active(report.findings))


def _short(error: str) -> str:
    """First line of an internal error, plus the exception line of its traceback."""
    lines = [ln for ln in error.strip().splitlines() if ln.strip()]
    if not lines:
        return "internal error"
    head = lines[0].strip()
    last = lines[-1].strip()
    return head if len(lines) == 1 or last == head else f"{head}: {last}"


def _read_stdin() -> str:
    """Standard input as text, held to the same limits as a file: a usage error (exit 2) when it
    is larger than a YAML file may be, binary, or not UTF-8."""
    from ekslint.discover import MAX_BYTES

    buf = getattr(sys.stdin, "buffer", None)
    data = buf.read(MAX_BYTES + 1) if buf is not None else sys.stdin.read().encode("utf-8", "surrogateescape")
    if len(data) > MAX_BYTES:
        raise UsageError(f"standard input is larger than {MAX_BYTES // (1024 * 1024)} MB")
    if b"\0" in data[:8192]:
        raise UsageError("standard input is binary, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise UsageError("standard input is not valid UTF-8 text") from e


def _write(text: str, output: Path | None) -> None:
    if output is None:
        try:
            sys.stdout.write(text)
        except UnicodeEncodeError:
            sys.stdout.write(text.encode("ascii", "backslashreplace").decode("ascii"))
        sys.stdout.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as e:
        raise UsageError(f"cannot write --output {output}: {e.strerror or e}") from e


def run_check(
    paths: Sequence[str],
    *,
    fmt: str | None = None,
    output: Path | None = None,
    fail_on: str | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    quiet: bool = False,
    debug: bool = False,
    config: Path | None = None,
    no_config: bool = False,
    baseline: Path | None = None,
    baseline_write: Path | None = None,
    no_context: bool = False,
    no_cache: bool = False,
    cache_dir: Path | None = None,
    var_files: Sequence[Path] | None = None,
) -> int:
    """Run a check and write the report; return the exit code. Never raises (but KeyboardInterrupt).

    `fmt` and `fail_on` None: the configuration file's ``format`` / ``fail-on``, else text / error."""
    try:
        return _run_check(
            paths, fmt, output, fail_on, select, ignore, quiet, debug,
            config=config, no_config=no_config, baseline=baseline, baseline_write=baseline_write,
            no_context=no_context, no_cache=no_cache, cache_dir=cache_dir, var_files=var_files,
        )
    except UsageError as e:
        _err(f"error: {e}")
        return EXIT_ERROR
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_ERROR
    except Exception as e:  # a bug in ekslint must not look like a clean run, nor show a traceback
        _err(f"internal error: {type(e).__name__}: {e}")
        if debug:
            traceback.print_exc()
        else:
            _err("run with --debug for the traceback")
        return EXIT_ERROR


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):
        pass


def _run_check(
    paths: Sequence[str],
    fmt: str | None,
    output: Path | None,
    fail_on: str | None,
    select: Iterable[str] | None,
    ignore: Iterable[str] | None,
    quiet: bool,
    debug: bool,
    *,
    config: Path | None = None,
    no_config: bool = False,
    baseline: Path | None = None,
    baseline_write: Path | None = None,
    no_context: bool = False,
    no_cache: bool = False,
    cache_dir: Path | None = None,
    var_files: Sequence[Path] | None = None,
) -> int:
    from ekslint import baseline as baselines
    from ekslint import config as configs
    from ekslint import context_scope, progress
    from ekslint.engine import run
    from ekslint.report import FORMATS, render
    from ekslint.rules import all_rules

    cfg = configs.load(list(paths), explicit=config, disabled=no_config)  # command-line options win
    fmt = fmt or cfg.format or Format.text.value
    fail_on = fail_on or cfg.fail_on or FailOn.error.value
    recorded = baselines.read(baseline) if baseline is not None and baseline_write is None else None
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fail_on not in {f.value for f in FailOn}:
        raise UsageError(f"unknown --fail-on {fail_on!r}; use error, warning, note or never")
    sel, ign = split_selectors(select), split_selectors(ignore)
    sel = sel if sel or cfg.select is None else cfg.select
    ign = ign if ign or cfg.ignore is None else cfg.ignore
    rules = all_rules()
    check_selectors("--select", sel, rules)
    check_selectors("--ignore", ign, rules)

    given = list(paths) or ["."]
    stdin_text: str | None = None
    fs_paths: list[Path] = []
    for p in given:
        if p == "-":
            if stdin_text is None:
                stdin_text = _read_stdin()
            continue
        path = Path(p)
        if not (path.exists() or path.is_symlink()):
            raise UsageError(f"no such file or directory: {p}")
        fs_paths.append(path)

    for vf in var_files or ():
        if not vf.is_file():
            raise UsageError(f"--var-file: no such file: {vf}")
    base = Path.cwd()
    started = time.monotonic()
    exclude = cfg.excluder((baseline, baseline_write))  # config `exclude`, .ekslint.yaml, baseline files
    # files given inside a repository: the rest of it is read as context (ekslint.context_scope)
    scope = context_scope.plan(fs_paths, enabled=not no_context and stdin_text is None, exclude=exclude)
    cache = _open_cache(fs_paths, cache_dir, no_cache)
    with progress.Progress(enabled=False if quiet else None) as shown:
        report = run(scope.paths, select=sel, ignore=ign, base=base, stdin_text=stdin_text, options=cfg.options(),
                     exclude=exclude, cache=cache, progress=shown, var_files=list(var_files or []))
    report = scope.restrict(report, base)  # partial runs: findings located in the given files only
    report.findings = cfg.apply(report.findings, base)  # per-rule severity, per-path ignores
    if baseline_write is not None and not report.internal_errors:
        count = baselines.write(baseline_write, report, base)
        _err(f"baseline: recorded {count} finding(s) in {baseline_write}")
        return EXIT_OK
    if recorded is not None and baseline is not None:
        report.findings = baselines.apply(recorded, baseline.parent, report, base)
    rendered = render(report, fmt, quiet=quiet, base=str(base))
    _write(progress.finish(rendered, report, fmt, quiet=quiet, to_file=output is not None, started=started), output)

    if report.internal_errors:
        for e in report.internal_errors:
            _err(_short(e))
            if debug:
                print(e.rstrip(), file=sys.stderr)
        if not debug:
            _err(f"{len(report.internal_errors)} internal error(s); the results are incomplete. Run with --debug for tracebacks.")
        return EXIT_ERROR
    return EXIT_FINDINGS if fails(report, fail_on) else EXIT_OK


def _open_cache(fs_paths: list[Path], cache_dir: Path | None, no_cache: bool) -> Any:
    from ekslint.cache import open_cache

    return None if no_cache or not fs_paths else open_cache(cache_dir)


# -- rules ---------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def rules_markdown(rules: "Sequence[RuleUnit]") -> str:
    """The rules table of the README."""
    lines = ["| Rule | Name | Severity | Summary |", "| --- | --- | --- | --- |"]
    for u in rules:
        lines.append(f"| {u.id} | `{u.rule.name}` | {u.rule.severity.label} | {_cell(u.summary)} |")
    return "\n".join(lines) + "\n"


def rules_text(rules: "Sequence[RuleUnit]") -> str:
    rows = [(u.id, u.rule.name, u.rule.severity.label, u.summary) for u in rules]
    if not rows:
        return ""
    w = [max(len(r[i]) for r in rows) for i in range(3)]
    return "".join(f"{a:<{w[0]}}  {b:<{w[1]}}  {c:<{w[2]}}  {d}\n" for a, b, c, d in rows)


def rules_json(rules: "Sequence[RuleUnit]") -> str:
    import json

    data = [
        {
            "id": u.id,
            "name": u.rule.name,
            "severity": u.rule.severity.label,
            "tags": list(u.rule.tags),
            "precision": u.rule.precision,
            "summary": u.summary,
        }
        for u in rules
    ]
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def rule_doc(unit: "RuleUnit") -> str:
    r = unit.rule
    meta = f"Severity: {r.severity.label}. Tags: {', '.join(r.tags) or '-'}. Precision: {r.precision}."
    if r.security_severity:
        meta += f" Security severity: {r.security_severity}."
    return f"# {r.id} {r.name}\n\n{meta}\n\n{unit.doc.strip()}\n"


# -- versions ------------------------------------------------------------------------------------


def version_text() -> str:
    """``ekslint --version``: the program version and the date of its Kubernetes version table."""
    from ekslint import versions

    first, last = versions.VERSIONS[0].version, versions.VERSIONS[-1].version
    return (
        f"ekslint {__version__}\n"
        f"EKS version table: Kubernetes {first} to {last}, last checked {versions.LAST_CHECKED} "
        "(`ekslint versions` prints it)"
    )


def versions_table() -> str:
    """The dated version table as text, one row per Kubernetes version."""
    from ekslint import versions

    head = ("version", "on EKS since", "standard support until", "extended support until", "EKS AL2 AMIs")
    rows = [head]
    for v in versions.VERSIONS:
        amis = "yes" if v.minor <= versions.LAST_AL2_VERSION else "no"
        rows.append(
            (
                v.version + ("" if v.verified else " *"),
                v.eks_release,
                v.end_of_standard_support,
                v.end_of_extended_support or "-",
                amis,
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(len(head))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in rows]
    lines.append("")
    lines.append(f"Last checked {versions.LAST_CHECKED}. * dates not confirmed on an AWS page.")
    lines.append(
        f"Amazon Linux 2 AMIs are published up to Kubernetes {versions.fmt(versions.LAST_AL2_VERSION)}; "
        f"eksctl >= {versions.EKSCTL_DEFAULT_SINCE} defaults to {versions.fmt(versions.EKSCTL_DEFAULT_VERSION)}."
    )
    return "\n".join(lines) + "\n"


# -- typer ---------------------------------------------------------------------------------------


def make_app() -> "typer.Typer":
    import typer

    app = typer.Typer(
        name="ekslint",
        help="Offline linter for EKS cluster configuration: finds the mistakes that keep worker nodes from joining.",
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def version_callback(value: bool) -> None:
        if value:
            typer.echo(version_text())
            raise typer.Exit(EXIT_OK)

    @app.callback()
    def _root(
        version: Annotated[
            bool,
            typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version and exit."),
        ] = False,
    ) -> None:
        """Offline linter for EKS cluster configuration."""

    @app.command()
    def check(
        paths: Annotated[
            list[str] | None,
            typer.Argument(
                metavar="PATH",
                help="Files or directories to check ('-' reads standard input). Default: '.'",
                show_default=False,
            ),
        ] = None,
        fmt: Annotated[
            Format | None, typer.Option("--format", "-f", help="Output format. Default: the config's, else text.")
        ] = None,
        output: Annotated[Path | None, typer.Option("--output", "-o", help="Write the report to FILE.", dir_okay=False)] = None,
        fail_on: Annotated[
            FailOn | None,
            typer.Option("--fail-on", help="Exit 1 when a finding is at or above this level. Default: the config's, else error."),
        ] = None,
        select: Annotated[
            list[str] | None,
            typer.Option("--select", help="Only these rules: ids, id prefixes (EKS4) or names, comma-separated."),
        ] = None,
        ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these rules (same forms as --select).")] = None,
        quiet: Annotated[
            bool, typer.Option("--quiet", "-q", help="Text format: findings only, no source lines or summary.")
        ] = False,
        debug: Annotated[bool, typer.Option("--debug", help="Print tracebacks of internal errors.")] = False,
        config: Annotated[
            Path | None,
            typer.Option("--config", help="Use this configuration file instead of searching for one.", dir_okay=False),
        ] = None,
        no_config: Annotated[bool, typer.Option("--no-config", help="Ignore configuration files.")] = False,
        baseline: Annotated[
            Path | None,
            typer.Option("--baseline", help="Report only findings not recorded in this baseline file.", dir_okay=False),
        ] = None,
        baseline_write: Annotated[
            Path | None,
            typer.Option("--baseline-write", help="Record today's findings in this baseline file and exit 0.", dir_okay=False),
        ] = None,
        no_context: Annotated[
            bool,
            typer.Option("--no-context", help="Files given: do not read the rest of their repository as context."),
        ] = False,
        no_cache: Annotated[
            bool, typer.Option("--no-cache", help="Do not read or write the parse cache (also EKSLINT_NO_CACHE=1).")
        ] = False,
        cache_dir: Annotated[
            Path | None,
            typer.Option("--cache-dir", help="Parse cache folder (default: $XDG_CACHE_HOME/ekslint).", file_okay=False),
        ] = None,
        var_files: Annotated[
            list[Path] | None,
            typer.Option("--var-file", help="Terraform variables file applied to the root modules, as terraform -var-file (repeatable).",
                         dir_okay=False),
        ] = None,
    ) -> None:
        """Check EKS configuration files and report the findings."""
        code = run_check(
            paths or [],
            fmt=fmt.value if fmt is not None else None,
            output=output,
            fail_on=fail_on.value if fail_on is not None else None,
            select=select,
            ignore=ignore,
            quiet=quiet,
            debug=debug,
            config=config,
            no_config=no_config,
            baseline=baseline,
            baseline_write=baseline_write,
            no_context=no_context,
            no_cache=no_cache,
            cache_dir=cache_dir,
            var_files=list(var_files or []),
        )
        raise typer.Exit(code)

    @app.command("rules")
    def rules_cmd(
        fmt: Annotated[
            RulesFormat, typer.Option("--format", "-f", help="text, markdown (the README table) or json.")
        ] = RulesFormat.text,
    ) -> None:
        """List every rule: id, name, severity and summary."""
        from ekslint.rules import all_rules

        render = {"text": rules_text, "markdown": rules_markdown, "json": rules_json}[fmt.value]
        _write(render(all_rules()), None)

    @app.command("versions")
    def versions_cmd() -> None:
        """Print the dated table of Kubernetes versions on EKS that the version rules use."""
        _write(versions_table(), None)

    @app.command("rule")
    def rule_cmd(rule_id: Annotated[str, typer.Argument(metavar="ID", help="Rule id (EKS001) or name.")]) -> None:
        """Print a rule's documentation."""
        from ekslint.rules import get_rule

        unit = get_rule(rule_id.strip())
        if unit is None:
            _err(f"error: unknown rule {rule_id!r}; `ekslint rules` lists them")
            raise typer.Exit(EXIT_ERROR)
        _write(rule_doc(unit), None)

    return app


def __getattr__(name: str) -> Any:  # `ekslint.cli.app` for tools that expect a module-level app
    if name == "app":
        return make_app()
    raise AttributeError(name)


# -- fast path -----------------------------------------------------------------------------------

# `ekslint check ...` is the hot path (pre-commit runs it on every commit). Building the typer app
# costs more than checking a few files, so plain `check` command lines are parsed here; anything
# else (help, an unknown or malformed option, a bad choice) goes to typer, which reports it.
# tests/test_cli.py checks that both parsers agree and that this table matches the typer command.
_FAST_VALUE_OPTIONS = {
    "--format": "fmt",
    "-f": "fmt",
    "--output": "output",
    "-o": "output",
    "--fail-on": "fail_on",
    "--select": "select",
    "--ignore": "ignore",
    "--config": "config",
    "--baseline": "baseline",
    "--baseline-write": "baseline_write",
    "--cache-dir": "cache_dir",
    "--var-file": "var_files",
}
_FAST_FLAGS = {
    "--quiet": "quiet", "-q": "quiet", "--debug": "debug", "--no-config": "no_config",
    "--no-context": "no_context", "--no-cache": "no_cache",
}
_FAST_PATHS = ("output", "config", "baseline", "baseline_write")  # FILE options (not a directory)
_FAST_CHOICES = {"fmt": {f.value for f in Format}, "fail_on": {f.value for f in FailOn}}


def fast_check_args(args: Sequence[str]) -> dict[str, Any] | None:
    """Keyword arguments for `run_check` when `args` is a plain `check` command line, else None."""
    if not args or args[0] != "check":
        return None
    kw: dict[str, Any] = {
        "paths": [],
        "fmt": None,
        "output": None,
        "fail_on": None,
        "select": [],
        "ignore": [],
        "quiet": False,
        "debug": False,
        "config": None,
        "no_config": False,
        "baseline": None,
        "baseline_write": None,
        "no_context": False,
        "no_cache": False,
        "cache_dir": None,
        "var_files": [],
    }
    i, only_paths = 1, False
    while i < len(args):
        tok = args[i]
        i += 1
        if only_paths or tok == "-" or not tok.startswith("-"):
            kw["paths"].append(tok)
            continue
        if tok == "--":
            only_paths = True
            continue
        name, eq, value = tok.partition("=")
        if name in _FAST_FLAGS and not eq:
            kw[_FAST_FLAGS[name]] = True
            continue
        if name not in _FAST_VALUE_OPTIONS or (eq and not name.startswith("--")):
            return None
        if not eq:
            if i >= len(args):
                return None
            value = args[i]
            i += 1
        key = _FAST_VALUE_OPTIONS[name]
        if key in ("select", "ignore"):
            kw[key].append(value)
        elif key == "var_files":  # a file (not a directory)
            if not value or Path(value).is_dir():
                return None
            kw[key].append(Path(value))
        elif key == "cache_dir":  # a directory (not a file)
            if not value or Path(value).is_file():
                return None
            kw[key] = Path(value)
        elif key in _FAST_PATHS:
            if not value or Path(value).is_dir():
                return None
            kw[key] = Path(value)
        else:
            if value not in _FAST_CHOICES[key]:
                return None
            kw[key] = value
    return kw


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point (``ekslint``)."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        fast = fast_check_args(args)
        if fast is not None:
            sys.exit(run_check(**fast))
        make_app()(args=args, prog_name="ekslint")
    except KeyboardInterrupt:
        _err("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
