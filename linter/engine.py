"""The pipeline: discover → load → extract into one model → rules → filter → report."""

from __future__ import annotations

import dataclasses
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ekslint import assume, discover
from ekslint.context import Context, Options
from ekslint.documents import Document, LoadProblem, SourceFile
from ekslint.findings import CALLED_AT, Finding, Severity
from ekslint.model import Model
from ekslint.rule import RuleUnit

if TYPE_CHECKING:
    from ekslint.cache import ParseCache
    from ekslint.progress import Progress


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    rules: list[RuleUnit] = field(default_factory=list)
    internal_errors: list[str] = field(default_factory=list)
    files_checked: int = 0

    def source_line(self, display: str, line: int) -> str:
        for f in self.files:
            if f.display == display:
                return f.line(line)
        return ""


def select_rules(select: Iterable[str] = (), ignore: Iterable[str] = ()) -> list[RuleUnit]:
    from ekslint.rules import all_rules

    def matches(rule: RuleUnit, pats: Iterable[str]) -> bool:
        return any(rule.id == p or rule.id.startswith(p) or rule.rule.name == p for p in pats)

    sel = [s.strip() for s in select if s.strip()]
    ign = [s.strip() for s in ignore if s.strip()]
    return [r for r in all_rules() if (not sel or matches(r, sel)) and not matches(r, ign)]


def build(
    paths: list[Path],
    base: Path | None = None,
    stdin_text: str | None = None,
    *,
    exclude: Callable[[Path], bool] | None = None,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
    var_files: list[Path] | None = None,
) -> tuple[Context, list[str]]:
    """Discover, load and extract. Returns the rule context and internal errors.

    `exclude` (the config's ``exclude`` globs) says which files and directories are not read at all.
    Files are parsed by `ekslint.parallel.preload`: from the parse `cache`, in worker processes
    on large trees, reporting to `progress`."""
    from ekslint.extract.link import link
    from ekslint.extract.yaml_model import extract_documents
    from ekslint.parallel import preload

    base = base or Path.cwd()
    errors: list[str] = []
    files: list[SourceFile] = []
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    tf_files: list[SourceFile] = []
    tfvars: list[SourceFile] = []
    terragrunt: list[SourceFile] = []

    candidates: list[tuple[SourceFile | LoadProblem, str]] = []
    if stdin_text is not None:
        candidates.append((SourceFile(Path("-"), "-", stdin_text.replace("\r\n", "\n")), "yaml"))
    for p, kind in discover.walk(paths, exclude=exclude):
        candidates.append((discover.read(p, discover.display_path(p, base)), kind))
    loaded = preload(candidates, cache=cache, progress=progress)
    if progress is not None:
        progress.phase("building the model", 0)

    for sf, kind in candidates:
        if isinstance(sf, LoadProblem):
            problems.append(sf)
            continue
        files.append(sf)
        if kind == "tf":
            tf_files.append(sf)
        elif kind == "tfvars":
            tfvars.append(sf)
        elif kind == "terragrunt":
            terragrunt.append(sf)
        else:
            try:
                docs, probs = loaded.load_text_file(sf, kind)
                documents.extend(docs)
                problems.extend(probs)
            except Exception:  # a loader bug must not hide the other files
                errors.append(f"{sf.display}: internal error while loading\n{traceback.format_exc()}")

    model = Model()
    try:
        m, docs, probs = extract_documents(documents)
        model.merge(m)
        documents.extend(docs)
        problems.extend(probs)
    except Exception:
        errors.append(f"internal error while extracting YAML documents\n{traceback.format_exc()}")
    if tf_files or terragrunt:
        try:
            from ekslint.extract.terraform import extract_terraform

            m, docs, probs = extract_terraform(tf_files, tfvars, trees=loaded.trees, var_files=var_files,
                                               terragrunt=terragrunt)
            model.merge(m)
            documents.extend(docs)
            problems.extend(probs)
        except Exception:
            errors.append(f"internal error while reading Terraform\n{traceback.format_exc()}")
    if model.user_data_files:
        from ekslint.extract.tf_userdata import drop_standalone

        documents = drop_standalone(model, documents)
    try:
        link(model)
    except Exception:
        errors.append(f"internal error while linking the model\n{traceback.format_exc()}")
    ctx = Context(model=model, documents=documents, files=files, options=Options())
    ctx.problems = problems  # type: ignore[attr-defined]
    return ctx, errors


def run(
    paths: list[Path],
    *,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    base: Path | None = None,
    stdin_text: str | None = None,
    options: Options | None = None,
    exclude: Callable[[Path], bool] | None = None,
    cache: ParseCache | None = None,
    progress: Progress | None = None,
    var_files: list[Path] | None = None,
) -> Report:
    ctx, errors = build(paths, base, stdin_text, exclude=exclude, cache=cache, progress=progress, var_files=var_files)
    if options is not None:
        ctx.options = options
    rules = select_rules(select, ignore)
    findings: list[Finding] = []
    if progress is not None:
        progress.phase("running rules", len(rules))
    with assume.assuming(assume.of_options(ctx.options)):  # the config's `assume` defaults
        for unit in rules:
            if progress is not None:
                progress.advance()
            try:
                for f in unit.check(ctx):
                    if f is not None:
                        findings.append(f)
            except Exception:
                errors.append(f"internal error in rule {unit.id}\n{traceback.format_exc()}")
    findings = sorted({_with_calls(f) for f in findings}, key=Finding.sort_key)
    try:  # inline `# ekslint: ignore[...]` comments
        from ekslint.suppress import apply as apply_suppressions

        findings = apply_suppressions(findings, ctx.files, rules)
    except Exception:
        errors.append(f"internal error while reading suppression comments\n{traceback.format_exc()}")
    unreadable = {p.span.file for p in getattr(ctx, "problems", []) if p.code == "EKS002"}
    return Report(findings=findings, files=ctx.files, rules=rules, internal_errors=errors,
                  files_checked=len(ctx.files) + len(unreadable))


def _with_calls(f: Finding) -> Finding:
    """A finding inside a local Terraform module names the module calls that lead to it."""
    via = f.span.via
    if not via:
        return f
    chain = " → ".join(f"{s.file}:{s.line}" for s in via)
    message = f"{f.message}{CALLED_AT}{chain})"
    return dataclasses.replace(f, message=message, related=(*f.related, *via))


def worst(findings: Iterable[Finding]) -> Severity | None:
    return max((f.severity for f in findings), default=None)
