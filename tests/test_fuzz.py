"""Property-based tests: mutated real files never make a loader, an extractor or the whole run raise.

Inputs are the fixture files (eksctl, Karpenter, aws-auth, NodeConfig, MIME user data, Terraform)
after a few random edits: characters flipped, truncation, indentation changed, lines duplicated or
dropped, and inserted fragments that parsers find hard (`{{`, `${`, `%{`, anchors, aliases, merge
keys, brackets, tabs, NUL, BOM). Runs are derandomized, so CI sees the same examples every time;
EKSLINT_FUZZ_EXAMPLES=N runs N random (not derandomized) examples per test for a longer search.
"""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ekslint.documents import SourceFile
from ekslint.engine import run
from ekslint.extract.terraform import extract_terraform
from ekslint.extract.userdata import bootstrap_from_user_data, mime_problems, split_mime
from ekslint.extract.yaml_model import extract_documents
from ekslint.load.yaml_docs import load_text_file

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

FRAGMENTS = [
    "{{", "}}", "{{ .Values.x }}", "{{- include \"t\" . | nindent 4 }}", "${", "}", "${var.x}", "%{ if x ~}", "%{ endif }",
    "&a ", "*a", "<<: *a\n", "&b [*b]", "[", "]", "{", "(", ")", "\t", "\n---\n", "\x00", "\ufeff", "\"", "'", "#",
    ": ", "- ", "!!str ", "!!binary ", "? ", "|\n", ">-\n", "\\", "\r", "--BOUNDARY\n", "Content-Type: text/x-shellscript\n",
    "MIME-Version: 1.0\n", "<<EOT\n", "\nEOT\n", "/etc/eks/bootstrap.sh ", "\"${", "~}", "= ", "null", "1e999",
    "0x", "0o7", ".inf", "~", "\u2028", "\ud7ff", "é",
]
TEXT_CHARS = st.characters(blacklist_categories=("Cs",))


@cache
def corpus(*suffixes: str) -> tuple[str, ...]:
    files = sorted(p for p in FIXTURES.rglob("*") if p.is_file() and p.suffix in suffixes)
    return tuple(p.read_bytes().decode("utf-8", "replace") for p in files)


@st.composite
def mutated(draw: st.DrawFn, seeds: tuple[str, ...]) -> str:
    """A fixture text after one to five edits."""
    text = draw(st.sampled_from(seeds))
    for _ in range(draw(st.integers(1, 5))):
        op = draw(st.sampled_from(["flip", "truncate", "indent", "insert", "dup", "drop"]))
        pos = draw(st.integers(0, max(len(text) - 1, 0)))
        lines = text.split("\n")
        ln = min(pos * len(lines) // max(len(text), 1), len(lines) - 1)
        if op == "flip" and text:
            text = text[:pos] + draw(TEXT_CHARS) + text[pos + 1 :]
        elif op == "truncate":
            text = text[:pos]
        elif op == "indent":
            delta = draw(st.integers(-4, 4))
            line = lines[ln]
            lines[ln] = " " * delta + line if delta >= 0 else line[min(-delta, len(line) - len(line.lstrip(" "))) :]
            text = "\n".join(lines)
        elif op == "insert":
            text = text[:pos] + draw(st.sampled_from(FRAGMENTS)) + text[pos:]
        elif op == "dup":
            text = "\n".join(lines[: ln + 1] + lines[ln:])
        elif op == "drop":
            text = "\n".join(lines[:ln] + lines[ln + 1 :])
    return text


_LONG = int(os.environ.get("EKSLINT_FUZZ_EXAMPLES", "0"))


def fuzz_settings(examples: int) -> settings:
    return settings(max_examples=_LONG or examples, deadline=None, derandomize=not _LONG,
                    suppress_health_check=[HealthCheck.too_slow], database=None)


FUZZ = fuzz_settings(150)


def source(name: str, text: str) -> SourceFile:
    return SourceFile(Path(name), name, text)


@FUZZ
@given(mutated(corpus(".yaml", ".yml", ".json")), st.sampled_from(["yaml", "text"]))
def test_yaml_loader_and_extractors_never_raise(text: str, kind: str) -> None:
    docs, problems = load_text_file(source("f.yaml", text), kind)
    extract_documents(docs)
    for p in problems:
        assert p.span.line >= 1


@FUZZ
@given(st.lists(mutated(corpus(".tf")), min_size=1, max_size=3))
def test_terraform_extraction_never_raises(texts: list[str]) -> None:
    files = [source(f"m/{i}.tf", t) for i, t in enumerate(texts)]
    _model, docs, problems = extract_terraform(files, [])
    assert len(docs) >= len(files) or problems


@FUZZ
@given(mutated(corpus(".txt", ".sh")))
def test_user_data_readers_never_raise(text: str) -> None:
    split_mime(text)
    mime_problems(text)
    bootstrap_from_user_data(text, "ud.txt", 1, source="userdata")
    docs, _ = load_text_file(source("user-data.txt", text), "text")
    extract_documents(docs)


NAMES = {".yaml": "cluster.yaml", ".tf": "main.tf", ".txt": "userdata.txt", ".sh": "bootstrap.sh"}


@fuzz_settings(60)
@given(st.lists(st.tuples(st.sampled_from(sorted(NAMES)), st.data()), min_size=1, max_size=4))
def test_whole_run_has_no_internal_errors(files: list[tuple[str, st.DataObject]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i, (suffix, data) in enumerate(files):
            text = data.draw(mutated(corpus(suffix)))
            target = root / f"d{i % 2}" / f"{i}-{NAMES[suffix]}"
            target.parent.mkdir(exist_ok=True)
            target.write_bytes(text.encode("utf-8"))
        report = run([root], base=root)
        assert report.internal_errors == []
