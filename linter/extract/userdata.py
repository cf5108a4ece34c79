"""User data: MIME multipart (nodeadm), plain NodeConfig, and shell scripts calling bootstrap.sh.

nodeadm reads user data as a MIME multipart message when it is one, and then only decodes the
parts whose media type is exactly ``application/node.eks.aws``; otherwise the whole text is one
NodeConfig. AL2 nodes run the shell script, where ``/etc/eks/bootstrap.sh`` joins the cluster.
Positions are kept: every NodeConfig value and every bootstrap.sh word points at its line in the
file that holds the user data (a MIME file, a Terraform heredoc, an eksctl field).
"""

from __future__ import annotations

import re
import shlex

from ekslint.model import NodeBootstrap
from ekslint.values import Span, V

NODECONFIG_MEDIA_TYPE = "application/node.eks.aws"
BOOTSTRAP_SH = "/etc/eks/bootstrap.sh"
_BOUNDARY = re.compile(r'boundary\s*=\s*"?([^";\s]+)"?', re.I)


def looks_like_user_data(text: str) -> bool:
    head = text.lstrip()[:2000].lower()
    if head.startswith("mime-version:") or head.startswith("content-type: multipart"):
        return True
    return text.lstrip().startswith("#!") and BOOTSTRAP_SH in text


class MimePart:
    def __init__(self, content_type: str, body: str, first_line: int, header_line: int) -> None:
        self.content_type = content_type
        self.body = body
        self.first_line = first_line  # 0-based line (within the user data) of the body's first line
        self.header_line = header_line

    @property
    def media_type(self) -> str:
        return self.content_type.split(";", 1)[0].strip().lower()


def split_mime(text: str) -> list[MimePart] | None:
    """Split a multipart message into parts with line numbers; None when it is not multipart."""
    lines = text.split("\n")
    headers: dict[str, str] = {}
    i = 0
    last = None
    while i < len(lines) and lines[i].strip():
        line = lines[i]
        if line[:1] in (" ", "\t") and last:
            headers[last] += " " + line.strip()
        elif ":" in line:
            k, v = line.split(":", 1)
            last = k.strip().lower()
            headers[last] = v.strip()
        else:
            return None
        i += 1
    ctype = headers.get("content-type", "")
    if not ctype.lower().startswith("multipart/"):
        return None
    m = _BOUNDARY.search(ctype)
    if not m:
        return None
    delim = "--" + m.group(1)
    parts: list[MimePart] = []
    cur: list[int] | None = None  # start index of the current part
    for j in range(i, len(lines) + 1):
        line = lines[j].rstrip() if j < len(lines) else delim + "--"
        if line == delim or line == delim + "--":
            if cur is not None:
                parts.append(_part(lines, cur[0], j))
            cur = [j + 1] if line == delim else None
            if line == delim + "--":
                break
    return parts


def _part(lines: list[str], start: int, end: int) -> MimePart:
    ctype = "text/plain"
    k = start
    while k < end and lines[k].strip():
        if lines[k].lower().startswith("content-type:"):
            ctype = lines[k].split(":", 1)[1].strip()
        k += 1
    body_start = k + 1
    body = "\n".join(lines[body_start:end])
    return MimePart(ctype, body, body_start, start)


def bootstrap_calls(text: str, file: str, first_line: int, col: int = 1) -> list[list[V]]:
    """Every `/etc/eks/bootstrap.sh` invocation in a shell script, as positioned words."""
    calls: list[list[V]] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if BOOTSTRAP_SH in line and not stripped.startswith("#"):
            start = i
            joined = line
            while joined.rstrip().endswith("\\") and i + 1 < len(lines):
                i += 1
                joined = joined.rstrip()[:-1] + " " + lines[i]
            pos = joined.index(BOOTSTRAP_SH)
            try:
                words = shlex.split(joined[pos:], comments=True)
            except ValueError:
                words = joined[pos:].split()
            call: list[V] = []
            for w in words:
                if w in (";", "&&", "||", "|") or w.startswith(("&&", "||", ";", ">", "2>", "|")):
                    break
                ends = w.endswith(";") and not w.endswith("\\;")
                w = w.rstrip(";") if ends else w
                if not w:
                    break
                ln, cc = _locate(lines, start, i, w)
                call.append(V(w, Span(file, first_line + ln, col + cc, first_line + ln, col + cc + len(w) - 1)))
                if ends:
                    break
            if call and call[0].value.endswith("bootstrap.sh"):
                calls.append(call)
        i += 1
    return calls


def _locate(lines: list[str], start: int, end: int, word: str) -> tuple[int, int]:
    probe = word.split("=", 1)[0] if word.startswith("--") else word
    for ln in range(start, end + 1):
        c = lines[ln].find(probe)
        if c >= 0:
            return ln, c
    return start, max(lines[start].find(BOOTSTRAP_SH), 0)


def bootstrap_from_user_data(
    text: str, file: str, first_line: int, *, source: str, col: int = 1
) -> NodeBootstrap | None:
    """Read user data text whose first line is line `first_line` of `file`.

    Returns None when it holds neither a NodeConfig nor a bootstrap.sh call.
    NodeConfig documents that do not parse are skipped here (nodeadm skips them too); the
    document rules report them where the file itself is YAML.
    """
    from ekslint.load.yaml_docs import YamlLoadError, classify, parse_yaml

    boot = NodeBootstrap(span=Span(file, first_line, col), source=source)
    parts = split_mime(text)
    if parts is not None:
        boot.container = "mime"
        for part in parts:
            line0 = first_line + part.first_line
            if part.media_type == NODECONFIG_MEDIA_TYPE:
                try:
                    docs = parse_yaml(part.body, file, line0 - 1, col - 1)
                except YamlLoadError:
                    continue
                boot.nodeconfigs.extend(d for d in docs if classify(d)[0] == "nodeconfig")
            elif BOOTSTRAP_SH in part.body:
                boot.bootstrap_calls.extend(bootstrap_calls(part.body, file, line0, col))
    elif "apiVersion" in text and "NodeConfig" in text and not text.lstrip().startswith("#!"):
        boot.container = "plain"
        try:
            docs = parse_yaml(text, file, first_line - 1, col - 1)
        except YamlLoadError:
            docs = []
        boot.nodeconfigs.extend(d for d in docs if classify(d)[0] == "nodeconfig")
    elif BOOTSTRAP_SH in text:
        boot.container = "script"
        boot.bootstrap_calls.extend(bootstrap_calls(text, file, first_line, col))
    if not boot.nodeconfigs and not boot.bootstrap_calls:
        return None
    return boot
