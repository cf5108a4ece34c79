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

from ekslint.model import NodeBootstrap, UserDataPart
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
    def __init__(self, content_type: str, body: str, first_line: int, header_line: int,
                 ctype_at: tuple[int, int] | None = None) -> None:
        self.content_type = content_type
        self.body = body
        self.first_line = first_line  # 0-based line (within the user data) of the body's first line
        self.header_line = header_line
        self.ctype_at = ctype_at  # 0-based (line, column) of the Content-Type value; None: no header

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
    at: tuple[int, int] | None = None
    k = start
    while k < end and lines[k].strip():
        if lines[k].lower().startswith("content-type:"):
            raw = lines[k].split(":", 1)[1]
            ctype = raw.strip()
            at = (k, len(lines[k]) - len(raw) + (len(raw) - len(raw.lstrip())))
        k += 1
    body_start = k + 1
    body = "\n".join(lines[body_start:end])
    return MimePart(ctype, body, body_start, start, at)


def mime_problems(text: str) -> list[tuple[int, int, str]]:
    """What keeps Go's MIME reader (nodeadm) from reading `text` as multipart: (0-based line, 0-based column, why).

    Only for text that starts like a MIME message; nodeadm then falls back to decoding the whole
    user data as one NodeConfig, which fails.
    """
    lines = text.split("\n")
    first = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if first is None:
        return []
    head = lines[first].lstrip().lower()
    if not head.startswith(("mime-version:", "content-type:")):
        return []
    if first > 0:
        return [(first, 0, "the user data starts with an empty line, so the MIME headers are read as the body")]
    if lines[0][:1] in (" ", "\t"):
        return [(0, 0, "the first MIME header line is indented (Go's MIME reader rejects it as malformed)")]
    ctype = None
    i = 0
    while i < len(lines) and lines[i].strip():
        line = lines[i]
        if line[:1] not in (" ", "\t") and ":" not in line:
            return [(i, 0, "the MIME headers do not end with an empty line before the first boundary "
                           f"(`{line.strip()[:40]}` is read as a malformed header)")]
        if line.lower().startswith("content-type:"):
            ctype = (i, line.split(":", 1)[1].strip())
        i += 1
    if ctype is None or not ctype[1].lower().startswith("multipart/"):
        return []
    m = _BOUNDARY.search(ctype[1])
    if not m:
        return [(ctype[0], 0, "the multipart Content-Type has no `boundary=` parameter")]
    delim = "--" + m.group(1)
    seen = [ln.rstrip() for ln in lines[i:]]
    if delim not in seen and delim + "--" not in seen:
        return [(ctype[0], 0, f"no part starts with the boundary line `{delim}`")]
    if delim + "--" not in seen:
        last = max(j for j, ln in enumerate(seen) if ln == delim)
        if not any(ln.strip() for ln in seen[last + 1:]):
            return []  # a final `--BOUNDARY` with nothing after it ends the message for Go as well
        return [(last + i, 0, f"the closing boundary `{delim}--` is missing, so the last part runs into the end of "
                              "the data (Go's MIME reader stops with an unexpected end of input)")]
    return []


def looks_like_nodeconfig(root: V) -> bool:
    """A document meant as a NodeConfig: its kind or its apiVersion group says so."""
    if not root.is_map:
        return False
    api = root.str("apiVersion") or ""
    kind = root.str("kind") or ""
    group = api.split("/", 1)[0].lower() if "/" in api else ""
    if group.startswith("node.eks."):
        return True  # node.eks.aws with a misspelt kind, or a misspelt group
    if kind.lower() != "nodeconfig":
        return False
    if "eks" in group:
        return True
    # no group at all: only when the spec reads like nodeadm's
    spec = root.get("spec")
    return not api and spec is not None and any(spec.get(k) is not None for k in ("cluster", "kubelet", "containerd"))


# words after which a script word is run as a command
_RUNNERS = {"", ";", "&&", "||", "|", "then", "do", "else", "exec", "sudo", "bash", "sh", "(", "$(", "`", "{", "-E",
            "nohup", "time", "env"}


def runs_as_command(line_before: str) -> bool:
    """A word preceded on its shell line by `line_before` is run as a command (not an argument of
    `echo`, `sed`, `cat`, `chmod`, `[ -f ... ]`)."""
    before = line_before.split()
    while before and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*=\S*", before[-1]):
        before.pop()  # VAR=value /etc/eks/bootstrap.sh
    last = before[-1] if before else ""
    return last in _RUNNERS or last.endswith((";", "&&", "||", "|", "$(", "("))


def bootstrap_calls(text: str, file: str, first_line: int, col: int = 1) -> list[list[V]]:
    """Every `/etc/eks/bootstrap.sh` run as a command in a shell script, as positioned words."""
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
            if not runs_as_command(joined[:pos]):
                i += 1
                continue
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
    if "node.eks.aws" in text:  # nodeadm reads it (cloud-init's own MIME reader is more forgiving)
        boot.structure_problems = [(Span(file, first_line + ln, col + c), why) for ln, c, why in mime_problems(text)]
    parts = split_mime(text)
    if parts is not None:
        boot.container = "mime"
        for part in parts:
            line0 = first_line + part.first_line
            info = UserDataPart(Span(file, first_line + part.header_line, col))
            if part.ctype_at is not None:
                ln, c = part.ctype_at
                info.content_type = V(part.content_type, Span(file, first_line + ln, col + c, first_line + ln,
                                                              col + c + len(part.content_type) - 1))
            boot.parts.append(info)
            nodeadm_part = part.media_type == NODECONFIG_MEDIA_TYPE and part.ctype_at is not None
            if nodeadm_part or ("NodeConfig" in part.body and "node.eks.aws" in part.body
                                and not part.body.lstrip().startswith("#!")):
                try:
                    docs = parse_yaml(part.body, file, line0 - 1, col - 1)
                except YamlLoadError:
                    continue
                info.nodeconfigs = [d for d in docs if classify(d)[0] == "nodeconfig"]
                if nodeadm_part:
                    boot.nodeconfigs.extend(info.nodeconfigs)
                    boot.rejected_docs.extend(d for d in docs if d.is_map and classify(d)[0] != "nodeconfig")
            elif BOOTSTRAP_SH in part.body:
                boot.bootstrap_calls.extend(bootstrap_calls(part.body, file, line0, col))
    elif "NodeConfig" in text and not text.lstrip().startswith("#!") and not boot.structure_problems:
        boot.container = "plain"
        try:
            docs = parse_yaml(text, file, first_line - 1, col - 1)
        except YamlLoadError:
            docs = []
        boot.nodeconfigs.extend(d for d in docs if classify(d)[0] == "nodeconfig")
        boot.rejected_docs.extend(d for d in docs if classify(d)[0] != "nodeconfig" and looks_like_nodeconfig(d))
    elif BOOTSTRAP_SH in text:
        boot.container = "script"
        boot.bootstrap_calls.extend(bootstrap_calls(text, file, first_line, col))
    if not boot.nodeconfigs and not boot.bootstrap_calls and not boot.rejected_docs and not (
        boot.structure_problems or any(p.nodeconfigs for p in boot.parts)
    ):
        return None
    return boot
