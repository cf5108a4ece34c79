"""Hostile input through the installed command: every case gives a finding or a one-line notice,
the rest of the tree is still checked, no traceback, no hang, bounded time and memory.

Each case is a tree holding one hostile file next to `good.yaml`, whose one known finding (EKS111,
an unsupported Kubernetes version) proves the rest of the tree was checked. The check runs in a
fresh process under a timeout; a small wrapper reports the child's peak RSS (getrusage).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

GOOD = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: good\n  region: us-east-1\n  version: \"1.20\"\n"
GOOD_FINDING = ("good.yaml", 6, "EKS111")

# runs the check, then prints the child's exit code, output and peak RSS as one JSON line
_WRAPPER = """
import json, resource, subprocess, sys
p = subprocess.run(sys.argv[1:], capture_output=True, text=True, errors="replace")
rss_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"rc": p.returncode, "stdout": p.stdout, "stderr": p.stderr, "rss_mb": rss_kb / 1024}))
"""


@dataclass
class Run:
    rc: int
    findings: list[dict]
    stderr: str
    rss_mb: float

    def of(self, file: str) -> list[tuple[int, str, str]]:
        return [(f["line"], f["rule"], f["message"]) for f in self.findings if f["file"] == file]

    def found(self) -> set[tuple[str, int, str]]:
        return {(f["file"], f["line"], f["rule"]) for f in self.findings}


def check(tree: Path, *args: str, timeout: float = 60) -> Run:
    cmd = [sys.executable, "-m", "ekslint", "check", *args, "--format", "json"]
    out = subprocess.run([sys.executable, "-c", _WRAPPER, *cmd], cwd=tree, capture_output=True, text=True,
                         timeout=timeout, check=True)
    res = json.loads(out.stdout)
    assert "Traceback" not in res["stderr"] and "Traceback" not in res["stdout"]
    assert res["rc"] != 2, res["stderr"]
    findings = json.loads(res["stdout"])["findings"] if res["stdout"].strip() else []
    return Run(res["rc"], findings, res["stderr"], res["rss_mb"])


def tree_with(tmp_path: Path, name: str, content: bytes | str) -> Path:
    (tmp_path / "good.yaml").write_text(GOOD)
    target = tmp_path / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        target.write_bytes(content)
    else:
        target.write_text(content)
    return tmp_path


def alias_bomb() -> str:
    lines = ["apiVersion: eksctl.io/v1alpha5", "kind: ClusterConfig", "a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    return "\n".join(lines) + "\n"


HEAD = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n"

# name, file name, content factory, expected (rule, message fragment) on that file or None for "no finding"
CASES: list[tuple[str, str, Callable[[], bytes | str], tuple[str, str] | None]] = [
    ("binary", "bin.yaml", lambda: random.Random(1).randbytes(20_000), ("EKS002", "binary file")),
    ("invalid-utf8", "latin1.yaml", lambda: (HEAD + "metadata: {name: caf\xe9}\n").encode("latin-1"), ("EKS002", "not valid UTF-8")),
    ("alias-bomb", "bomb.yaml", alias_bomb, ("EKS001", "expands too many aliases")),
    ("deep-yaml-flow", "flow.yaml", lambda: HEAD + "a: " + "[" * 20_000 + "]" * 20_000 + "\n", ("EKS001", "nested too deeply")),
    ("deep-yaml-flow-map", "flowmap.yaml", lambda: HEAD + "a: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n", ("EKS001", "nested too deeply")),
    ("deep-yaml-block", "block.yaml", lambda: HEAD + "".join(" " * i + f"k{i}:\n" for i in range(2_000)), ("EKS001", "nested too deeply")),
    ("deep-json", "deep.json", lambda: '{"apiVersion": "eksctl.io/v1alpha5", "a": ' + '{"a": ' * 5_000 + "1" + "}" * 5_001, ("EKS001", "nested too deeply")),
    ("deep-hcl-list", "deep.tf", lambda: "locals { x = " + "[" * 50_000 + "]" * 50_000 + " }\n", ("EKS001", "nested too deeply")),
    ("deep-hcl-expr", "expr.tf", lambda: 'locals { x = "${' + "(" * 20_000 + "1" + ")" * 20_000 + '}" }\n', ("EKS001", "nested too deeply")),
    ("deep-hcl-object", "obj.tf", lambda: "locals { x = " + "{ a = " * 20_000 + "1" + " }" * 20_000 + " }\n", ("EKS001", "nested too deeply")),
    ("hcl-syntax-error", "main.tf", lambda: 'resource "aws_eks_cluster" "c" {\n  name = "x"\n  vpc_config {\n', ("EKS001", "Terraform syntax error")),
    ("hcl-garbage", "junk.tf", lambda: b"\x7fELF not hcl {{{ ]]] ${", ("EKS001", "Terraform syntax error")),
    ("helm", "templates/nodepool.yaml",
     lambda: "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {{ .Values.name }}\nspec:\n  {{- include \"x\" . | nindent 2 }}\n",
     ("EKS001", "template directives")),
    ("empty", "empty.yaml", lambda: "", None),
    ("comment-only", "comments.yaml", lambda: "# nothing here\n---\n# nor here\n---\n", None),
    ("empty-tf", "empty.tf", lambda: "# just a comment\n", None),
    ("only-separators", "seps.yaml", lambda: "---\n---\n...\n", None),
    ("whitespace-crlf", "ws.yaml", lambda: b"\r\n\r\n   \r\n", None),
]


@pytest.mark.parametrize(("name", "file", "content", "expected"), CASES, ids=[c[0] for c in CASES])
def test_hostile_file_gives_a_finding_and_the_rest_is_checked(
    tmp_path: Path, name: str, file: str, content: Callable[[], bytes | str], expected: tuple[str, str] | None
) -> None:
    run = check(tree_with(tmp_path, file, content()), timeout=60)
    assert run.rc == 1  # good.yaml has an error; the hostile file never turns the run into a crash
    assert GOOD_FINDING in run.found()
    got = run.of(file)
    if expected is None:
        assert got == []
    else:
        rule, fragment = expected
        assert len(got) == 1 and got[0][1] == rule and fragment in got[0][2], got
    assert run.rss_mb < 300


def test_bom_and_crlf_are_read_with_the_right_positions(tmp_path: Path) -> None:
    bom = b"\xef\xbb\xbf" + GOOD.replace("good", "bom").encode().replace(b"\n", b"\r\n")
    (tmp_path / "bom.yaml").write_bytes(bom)
    (tmp_path / "crlf.tf").write_bytes(b'resource "aws_eks_cluster" "c" {\r\n  name     = "c"\r\n  role_arn = "arn:aws:iam::111122223333:role/c"\r\n'
                                       b'  version  = "1.20"\r\n  vpc_config {\r\n    subnet_ids = ["subnet-1"]\r\n  }\r\n}\r\n')
    run = check(tmp_path)
    assert ("bom.yaml", 6, "EKS111") in run.found()
    assert ("crlf.tf", 4, "EKS111") in run.found()
    assert [f for f in run.findings if f["rule"] in ("EKS001", "EKS002")] == []


def test_file_of_tens_of_mb_is_skipped_with_bounded_memory(tmp_path: Path) -> None:
    line = "  - name: ng\n    instanceType: m5.large\n    labels: {role: worker}\n"
    big = HEAD + "nodeGroups:\n" + line * (30 * 1024 * 1024 // len(line))
    tree = tree_with(tmp_path, "huge.yaml", big)
    (tmp_path / "huge.tf").write_text('locals {\n  x = "' + "a" * (3 * 1024 * 1024) + '"\n}\n')
    run = check(tree, timeout=60)
    assert GOOD_FINDING in run.found()
    assert [(r, m.split(";")[0]) for _, r, m in run.of("huge.yaml")] == [("EKS002", "file is larger than 5 MB")]
    assert [(r, m.split(";")[0]) for _, r, m in run.of("huge.tf")] == [("EKS002", "file is larger than 2 MB")]
    assert run.rss_mb < 150  # neither file is read into memory


def test_large_yaml_under_the_size_limit_is_bounded(tmp_path: Path) -> None:
    ng = "  - name: ng{i}\n    instanceType: m5.large\n    labels: {{role: worker, idx: '{i}'}}\n    iam: {{attachPolicyARNs: [a, b]}}\n"
    text = HEAD + "metadata: {name: big, region: us-east-1}\nnodeGroups:\n" + "".join(ng.format(i=i) for i in range(40_000))
    assert 4 * 1024 * 1024 < len(text) < 5 * 1024 * 1024
    run = check(tree_with(tmp_path, "big.yaml", text), timeout=90)
    assert GOOD_FINDING in run.found()
    ((_, rule, message),) = run.of("big.yaml")
    assert rule == "EKS001" and "too large" in message
    assert run.rss_mb < 400


def test_named_pipe_does_not_hang(tmp_path: Path) -> None:
    tree = tree_with(tmp_path, "sub/.keep", "")
    os.mkfifo(tmp_path / "pipe.yaml")
    os.mkfifo(tmp_path / "sub" / "main.tf")
    run = check(tree, timeout=30)
    assert GOOD_FINDING in run.found()
    assert [r for _, r, _ in run.of("pipe.yaml")] == ["EKS002"]
    assert [r for _, r, _ in run.of("sub/main.tf")] == ["EKS002"]
    # named on the command line, too
    run = check(tree, "pipe.yaml", "good.yaml", timeout=30)
    assert ("pipe.yaml", 1, "EKS002") in run.found() and GOOD_FINDING in run.found()


def test_symlink_loops_and_dangling_links(tmp_path: Path) -> None:
    tree = tree_with(tmp_path, "a/b/.keep", "")
    (tmp_path / "a" / "b" / "up").symlink_to(tmp_path)  # directory loop
    (tmp_path / "a" / "self").symlink_to("self")  # a link to itself
    (tmp_path / "loop1.yaml").symlink_to("loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to("loop1.yaml")
    (tmp_path / "dangling.yaml").symlink_to("nowhere.yaml")
    (tmp_path / "alias.yaml").symlink_to("good.yaml")
    run = check(tree, timeout=30)
    assert sorted(k for k in run.found() if k[2] == "EKS111") == [("alias.yaml", 6, "EKS111"), GOOD_FINDING]
    unreadable = sorted((f["file"], f["rule"]) for f in run.findings if f["rule"] == "EKS002")
    assert unreadable == [("dangling.yaml", "EKS002"), ("loop1.yaml", "EKS002"), ("loop2.yaml", "EKS002")]
    # named on the command line: reported, not dropped, and no crash while looking for a configuration
    run = check(tree, "loop1.yaml", "dangling.yaml", "good.yaml", timeout=30)
    assert sorted(run.found()) == [("dangling.yaml", 1, "EKS002"), GOOD_FINDING, ("loop1.yaml", 1, "EKS002")]


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (b"a: \xff\xfe\n", "not valid UTF-8"),
        (b"\0" * 100_000, "binary"),
        (b"# padding\n" * 700_000, "larger than 5 MB"),
    ],
    ids=["invalid-utf8", "binary", "too-large"],
)
def test_hostile_stdin_is_one_line(tmp_path: Path, data: bytes, says: str) -> None:
    proc = subprocess.run([sys.executable, "-m", "ekslint", "check", "-"], input=data, capture_output=True,
                          cwd=tmp_path, timeout=30)
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert says in err and proc.stdout == b""


def test_every_hostile_file_in_one_tree(tmp_path: Path) -> None:
    """All of the above at once: still one run, each hostile file reported once, good.yaml checked."""
    (tmp_path / "good.yaml").write_text(GOOD)
    for _, file, content, _ in CASES:
        target = tmp_path / "h" / file
        target.parent.mkdir(parents=True, exist_ok=True)
        data = content()
        target.write_bytes(data if isinstance(data, bytes) else data.encode())
    os.mkfifo(tmp_path / "h" / "pipe.yaml")
    (tmp_path / "h" / "loop").symlink_to(tmp_path)
    run = check(tmp_path, timeout=120)
    assert GOOD_FINDING in run.found()
    expected = [*((f"h/{file}", exp[0]) for _, file, _, exp in CASES if exp), ("h/pipe.yaml", "EKS002")]
    got = sorted((f["file"], f["rule"]) for f in run.findings if f["rule"] in ("EKS001", "EKS002"))
    assert got == sorted(expected)
