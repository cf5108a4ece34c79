"""The libyaml composer gives exactly the documents (values, positions, errors) of ruamel.yaml's."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ekslint.load import yaml_docs
from ekslint.load.yaml_docs import YamlLoadError, parse_yaml
from ekslint.values import V

ROOT = Path(__file__).resolve().parent.parent
HAVE_LIBYAML = yaml_docs._c_parser() is not None
needs_libyaml = pytest.mark.skipif(not HAVE_LIBYAML, reason="PyYAML's C extension is not installed")


@pytest.fixture(autouse=True)
def _fast_composer_on(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests compare both composers, also in a run that turned the fast one off."""
    monkeypatch.delenv("EKSLINT_YAML_PURE", raising=False)


def _dump(v: V) -> Any:
    val = v.value
    if isinstance(val, dict):
        val = ("map", [(k, _dump(x)) for k, x in val.items()])
    elif isinstance(val, list):
        val = ("seq", [_dump(x) for x in val])
    else:
        val = (type(val).__name__, repr(val))
    return (val, v.span, v.key_span, v.quoted, v.known, v.partial)


def _outcome(parse: Any, text: str, *args: Any) -> Any:
    try:
        return [_dump(d) for d in parse(text, "f.yaml", *args)]
    except YamlLoadError as e:
        return ("error", str(e), e.line, e.col)


def _fast_or_none(text: str, *args: Any) -> Any:
    """The fast composer's documents, or None where it hands the text to ruamel.yaml."""
    try:
        roots = yaml_docs._compose_fast(text)
        if roots is None:
            return None
        offsets = args or (0, 0)
        conv = yaml_docs._Converter("f.yaml", *offsets, yaml_docs._may_be_cloudformation(text))
        return [_dump(conv.convert(n)) for n in roots]
    except Exception:
        return None


CASES = [
    "a: yes\nb: off\nc: 'yes'\nversion: 1.30\nq: \"1.30\"\nn: 012\nh: 0x1F\nf: .inf\nz: ~\n",
    "a:\n  b: c",  # no final line break
    "a:\nb: c\n",  # empty values: marked where the next key starts
    "x:\n  a:  # comment\n\n  b: c\n",
    "x:\n  a:\nb: c\n",
    "a:\n  b:",
    "a:\n  b:\n...\n",
    "- \n- a\n",
    "a: |\n  x\n  y\n",
    "a: >-\n  x\n\n  y\n",
    "a: |2\n   x\n",
    "a: |\n  x\n  \t\n",
    "a: 'x\ty'\nb: \"x\\ty\"\n",
    "a: &x {b: c}\nd: *x\ne:\n  <<: *x\n  f: g\n",
    "a: !!str 1.30\nb: !Ref x\nc: !!int '5'\nd: !GetAtt A.b\ne: !If [a, b]\n",
    "Type: AWS::S3::Bucket\nb: !Ref x\nd: !GetAtt A.b\ne: !If [a, b]\nf: !Sub |\n  x ${AWS::Region}\n",  # CloudFormation
    "a: !!str &x 1.30\nb: *x\n",
    "a: &x !!str 1.30\nb: *x\n",
    "\ufeffa: b\nc: d",
    "a: b\r\nc:\r\nd: e\r\n",
    "a: b\rc: d\r",
    "a: [1,\n  2]\nb: {c: d}\n",
    "{\"a\":1, \"b\": [true, null]}",
    "a: x:y\nb: 'it''s'\nc: \"\\x41\\u00e9\"\n",
    "---\n---\na: 1\n...\n--- x\n",
    "",
    "# only a comment\n",
    "a: 1\na: 2\n",
    "[a]: b\nc: d\n",
    # texts the fast composer hands to ruamel.yaml
    "%YAML 1.1\n---\na: yes\n",
    "? a\n: b\n",
    "a: ! yes\n",
    "a: x\ty\n",
    "a: b\t\n",
    "a: |\t\n  x\n",
    "a: |#\n  x\n",
    "a: |\n  \n    x\n",
    ">-\n---",
    "{a: , b: c}\n",
    "a: b\u2028c: d\n",
    "a: *missing\n",
    "a: !<tag:yaml.org,2002:str> 1\n",
    "- &a: x\n- *a\n",  # the anchor `a:` in YAML 1.2
    "a: &x?y 1\nb: *x?y\n",
    "a: [&x :1, b]\n",  # `:1` is a plain scalar in YAML 1.2 flow context
    "['a':b]\n",
    "[a: b]\n",
    ">-\n# not a comment",
    # broken
    "a:\n  b: 1\n   c: 2\n",
    "a: [1, 2\n",
    "a: b: c\n",
    "a:\n\tb: c\n",
]


@needs_libyaml
@pytest.mark.parametrize("text", CASES)
def test_fast_composer_gives_ruamels_documents(text: str) -> None:
    ref = _outcome(yaml_docs._parse_yaml_ruamel, text)
    fast = _fast_or_none(text)
    if fast is not None:  # where it does not hand over, it must agree exactly
        assert fast == ref
    assert _outcome(parse_yaml, text) == ref


@needs_libyaml
@pytest.mark.parametrize("args", [(0, 0), (41, 6)])
def test_fixture_files_compose_the_same_and_mostly_fast(args: tuple[int, int]) -> None:
    files = sorted(p for p in (ROOT / "fixtures").rglob("*") if p.suffix in (".yaml", ".yml", ".json"))
    assert files
    fast = 0
    for p in files:
        text = p.read_bytes().decode("utf-8", "replace")
        got = _fast_or_none(text, *args)
        if got is not None:
            fast += 1
            assert got == _outcome(yaml_docs._parse_yaml_ruamel, text, *args), p
    assert fast >= len(files) * 0.8


@needs_libyaml
def test_common_documents_take_the_fast_path() -> None:
    for text in ("apiVersion: v1\nkind: ConfigMap\ndata:\n  mapRoles: |\n    - rolearn: x\n", "a:\n  b:\n  c: [1, 2]\n"):
        assert _fast_or_none(text) is not None


def test_switching_the_fast_composer_off_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (ROOT / "fixtures").rglob("*.yaml").__next__().read_text(encoding="utf-8")
    before = _outcome(parse_yaml, text)
    monkeypatch.setenv("EKSLINT_YAML_PURE", "1")
    assert yaml_docs._compose_fast(text) is None
    assert _outcome(parse_yaml, text) == before
    monkeypatch.delenv("EKSLINT_YAML_PURE")
    monkeypatch.setattr(yaml_docs, "FAST", False)
    assert yaml_docs._compose_fast(text) is None
    assert _outcome(parse_yaml, text) == before


def test_limits_trip_with_the_same_message_on_both_paths(monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        bomb.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    texts = ["\n".join(bomb) + "\n", "a: " + "[" * 600 + "]" * 600 + "\n", "a:\n" + "".join("  " * i + "- b:\n" for i in range(1, 400))]
    fast = [_outcome(parse_yaml, t) for t in texts]
    monkeypatch.setattr(yaml_docs, "FAST", False)
    assert fast == [_outcome(parse_yaml, t) for t in texts]
    assert fast[0][0] == "error" and "too large" in fast[0][1]
    assert fast[1][0] == "error" and "nested too deeply" in fast[1][1]


def test_very_deep_flow_nesting_does_not_crash_the_process() -> None:
    code = (
        "from ekslint.load.yaml_docs import parse_yaml, YamlLoadError\n"
        "for t in ('[' * 100000 + ']' * 100000, '[' * 100000, '{a: ' * 50000, '- ' * 100000 + 'x'):\n"
        "    try:\n"
        "        parse_yaml(t, 'deep.yaml')\n"
        "    except YamlLoadError as e:\n"
        "        print(e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.count("nested too deeply") == 4
