"""Terraform HCL: parse with positions and evaluate what can be known offline.

Files are parsed with python-hcl2's Lark grammar (the raw parse tree keeps every position).
`Evaluator` turns expressions into positioned `V` trees the way Terraform would, but only as far
as the checked files tell: literals, string templates and heredocs, collections, conditionals
and ``for`` expressions over known values, ``var.*`` (variable defaults, ``terraform.tfvars``,
``*.auto.tfvars``), ``local.*``, a few resource arguments (a cluster's ``name``), and pure
functions of known values. Everything else (data sources, computed resource attributes,
``count.index`` / ``each.*`` outside an expanded instance, ``path.*``, module outputs, functions
not modelled here) is unknown: ``V(known=False)`` with ``ref`` set to the address it points at.

Positions: a value points at the expression that produced it. A scalar read through
``var.x`` / ``local.x`` / a resource argument points at the reference, so a finding lands on
the resource that uses it; list items and object members keep the position where they were
written (a ``yamlencode`` list in ``locals`` keeps its items' lines).
"""

from __future__ import annotations

import base64
import json
import math
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ekslint.values import UNKNOWN_CHAR, Span, V

MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_INSTANCES = 64  # count / for_each expansions beyond this stay unexpanded
MAX_DEPTH = 200  # nested evaluations (locals of locals, deep expressions)
MAX_ITEMS = 100_000  # elements of one evaluated value
MAX_TEXT = 4 * 1024 * 1024  # characters of one evaluated string
MAX_STEPS = 200_000  # loop iterations per module


class TfV(V):
    """A value produced by Terraform evaluation, with what a string's text came from.

    ``func`` names the function whose result this is (``base64encode``, ``yamlencode``, ...).
    ``text_file`` / ``text_line`` / ``text_col`` say where the first character of a string lies
    when its lines map one-to-one onto a file: a heredoc (the line after ``<<EOT``; the column
    after the indentation ``<<-`` removes), a ``file()`` or ``templatefile()`` template.
    ``module_path`` is the text with ``path.module`` read as ``.``, for strings whose only unknown
    part is ``path.module`` (file names given to ``file()`` / ``templatefile()``).
    ``unknown_refs`` gives, for each `UNKNOWN_CHAR` of ``partial`` in order, the address the
    unknown part referred to (or None), so YAML read from a partial template can keep them.
    """

    __slots__ = ("func", "module_path", "text_col", "text_file", "text_line", "text_map", "unknown_refs")

    def __init__(self, value: Any, span: Span | None, **kw: Any) -> None:
        self.func: str | None = kw.pop("func", None)
        self.text_file: str | None = kw.pop("text_file", None)
        self.text_line: int | None = kw.pop("text_line", None)
        self.text_col: int = kw.pop("text_col", 1)
        self.module_path: str | None = kw.pop("module_path", None)
        self.unknown_refs: tuple[str | None, ...] | None = kw.pop("unknown_refs", None)
        self.text_map: TextMap | None = kw.pop("text_map", None)
        super().__init__(value, span, **kw)


@dataclass(frozen=True)
class TextMap:
    """Where the lines of a rendered template came from, when they are not its lines one-to-one.

    ``lines`` holds, for each line of the rendered text, the template line that produced it, or
    None when no single template line did (the inside of a multi-line value). ``hidden`` are the
    offsets in the partial text of the `UNKNOWN_CHAR` characters that stand for a whole ``%{ if }`` /
    ``%{ for }`` block whose condition or collection is unknown; ``hidden_text`` is the template
    text of those blocks (what the rendered text may or may not contain).
    """

    lines: tuple[int | None, ...]
    hidden: tuple[int, ...] = ()
    hidden_text: str = ""


def respan(v: V, span: Span | None, *, ref: str | None = None) -> V:
    """A copy of `v` that points at `span` (keeps its text mapping and origin)."""
    if isinstance(v, TfV):
        out: V = TfV(v.value, span, known=v.known, ref=ref or v.ref, partial=v.partial, origin=v.origin,
                     func=v.func, text_file=v.text_file, text_line=v.text_line, text_col=v.text_col,
                     module_path=v.module_path, unknown_refs=v.unknown_refs, text_map=v.text_map)
    else:
        out = V(v.value, span, known=v.known, ref=ref or v.ref, partial=v.partial, origin=v.origin, quoted=v.quoted)
    out.key_span = v.key_span
    return out


def unknown(span: Span | None, ref: str | None = None, partial: str | None = None, **kw: Any) -> TfV:
    return TfV(None, span, known=False, ref=ref, partial=partial, **kw)


def fully_known(v: V, _seen: set[int] | None = None) -> bool:
    """True when `v` and everything inside it is known (shared sub-values are visited once)."""
    seen = _seen if _seen is not None else set()
    stack = [v]
    while stack:
        cur = stack.pop()
        if not cur.known:
            return False
        if id(cur) in seen:
            continue
        seen.add(id(cur))
        if isinstance(cur.value, dict):
            stack.extend(cur.value.values())
        elif isinstance(cur.value, list):
            stack.extend(cur.value)
    return True


def plain(v: V, budget: int = MAX_ITEMS) -> Any:
    """`v.plain()` with a size budget: values built from shared parts can be exponentially large."""
    left = [budget]

    def walk(x: V, depth: int) -> Any:
        left[0] -= 1
        if left[0] < 0 or depth > MAX_DEPTH:
            raise EvalError("value is too large")
        if not x.known:
            return None
        if isinstance(x.value, dict):
            return {k: walk(c, depth + 1) for k, c in x.value.items()}
        if isinstance(x.value, list):
            return [walk(c, depth + 1) for c in x.value]
        return x.value

    return walk(v, 0)


def check_size(v: V) -> V:
    """Refuse values no real configuration builds (a string or list doubled many times)."""
    x = v.value
    if isinstance(x, str) and len(x) > MAX_TEXT:
        raise EvalError("string is too long")
    if isinstance(x, list | dict) and len(x) > MAX_ITEMS:
        raise EvalError("collection is too large")
    return v


def restore_unknown(v: V, src: V) -> V:
    """`v`, a scalar read from the partial text of `src`, as unknown again when it is exactly one unknown part.

    YAML parsed from a partly known template holds `UNKNOWN_CHAR` where a value was not known;
    this gives such a scalar back its ``ref`` (``rolearn: ${aws_iam_role.nodes.arn}``).
    """
    if not (v.known and v.value == UNKNOWN_CHAR and v.span is not None):
        return v
    if not (isinstance(src, TfV) and src.partial and src.unknown_refs and src.text_line is not None):
        return unknown(v.span)
    lines = src.partial.split("\n")
    li = v.span.line - src.text_line
    if not 0 <= li < len(lines):
        return unknown(v.span)
    pos = lines[li].find(UNKNOWN_CHAR, max(v.span.col - src.text_col, 0))
    if pos < 0:
        return unknown(v.span)
    offset = sum(len(x) + 1 for x in lines[:li]) + pos
    idx = src.partial.count(UNKNOWN_CHAR, 0, offset)
    ref = src.unknown_refs[idx] if idx < len(src.unknown_refs) else None
    out = unknown(v.span, ref=ref)
    out.key_span = v.key_span
    return out


def is_null(v: V | None) -> bool:
    return v is not None and v.known and v.value is None


class EvalError(Exception):
    """The expression fails in Terraform itself (missing key, wrong type): `try()` catches it."""


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


class HclSyntaxError(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


def parse(text: str) -> Any:
    """The raw Lark tree of a Terraform file. Raises HclSyntaxError with a position.

    python-hcl2's grammar does not accept strip markers in quoted-string interpolations
    (``"${~ x ~}"``), which Terraform does. When they are present and the file does not parse,
    it is parsed again with the markers blanked out (same length, so positions hold; only the
    whitespace stripping is lost).
    """
    _check_nesting(text)
    try:
        return _parse(text)
    except HclSyntaxError:
        if "{~" not in text and "~}" not in text:
            raise
        blanked = text.replace("${~", "${ ").replace("%{~", "%{ ").replace("~}", " }")
        try:
            return _parse(blanked)
        except HclSyntaxError:
            pass
        raise


MAX_NESTING = 4096
_BRACKETS = re.compile(r"[^\[\]{}()]+")


def _check_nesting(text: str) -> None:
    """Refuse brackets nested more than MAX_NESTING deep before the parser spends seconds and
    hundreds of MB on them (real Terraform nests a few levels; strings are counted too, which only
    matters for hundreds of unbalanced brackets in a string)."""
    if text.count("[") + text.count("{") + text.count("(") <= MAX_NESTING:
        return
    depth = 0
    for i, ch in enumerate(_BRACKETS.sub("", text)):
        depth += 1 if ch in "[{(" else -1
        if depth > MAX_NESTING:
            raise HclSyntaxError(f"expression is nested too deeply (more than {MAX_NESTING} levels)", _line_of_bracket(text, i), 1)


def _line_of_bracket(text: str, index: int) -> int:
    """The line of the index-th bracket character of `text`."""
    seen = -1
    for n, line in enumerate(text.split("\n"), 1):
        seen += sum(1 for c in line if c in "[]{}()")
        if seen >= index:
            return n
    return 1


def _parse(text: str) -> Any:
    from hcl2.api import parses_to_tree
    from lark.exceptions import LarkError, UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken

    try:
        return parses_to_tree(text)
    except UnexpectedCharacters as e:
        ch = text[e.pos_in_stream] if 0 <= e.pos_in_stream < len(text) else ""
        raise HclSyntaxError(f"unexpected character {ch!r}", e.line, e.column) from None
    except UnexpectedEOF:
        n = text.count("\n") + 1
        raise HclSyntaxError("unexpected end of file (unclosed block, string or bracket?)", n, 1) from None
    except UnexpectedToken as e:
        tok = e.token
        what = "end of file" if tok.type == "$END" else repr(str(tok).strip() or tok.type)
        line = e.line if e.line > 0 else text.count("\n") + 1
        raise HclSyntaxError(f"unexpected {what}", line, max(e.column, 1)) from None
    except UnexpectedInput as e:
        raise HclSyntaxError("invalid syntax", max(e.line, 1), max(e.column, 1)) from None
    except RecursionError:
        raise HclSyntaxError("expression is nested too deeply", 1, 1) from None
    except LarkError as e:
        raise HclSyntaxError(str(e).splitlines()[0] if str(e) else "invalid syntax", 1, 1) from None


def _is_tree(x: Any) -> bool:
    return hasattr(x, "data") and hasattr(x, "children")


def _trees(node: Any) -> list[Any]:
    """Child trees, without comments/newlines."""
    return [c for c in node.children if _is_tree(c) and c.data != "new_line_or_comment"]


@dataclass
class Attr:
    name: str
    expr: Any  # Lark tree
    span: Span  # the whole `name = expr`
    name_span: Span
    file: str


@dataclass
class Block:
    type: str
    labels: list[str]
    body: Body
    span: Span
    file: str
    label_spans: list[Span] = field(default_factory=list)

    def attr(self, name: str) -> Attr | None:
        return self.body.attrs.get(name)

    def blocks(self, type_: str) -> list[Block]:
        return [b for b in self.body.blocks if b.type == type_]

    def dynamic(self, type_: str) -> bool:
        return any(b.type == "dynamic" and b.labels[:1] == [type_] for b in self.body.blocks)


@dataclass
class Body:
    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


def _tspan(file: str, node: Any, shift: int = 0) -> Span:
    if _is_tree(node):
        m = node.meta
        if getattr(m, "empty", True):
            return Span(file, 1)
        return Span(file, m.line + shift, m.column, m.end_line + shift, max(m.end_column - 1, 1))
    end_line = getattr(node, "end_line", None) or node.line
    end_col = getattr(node, "end_column", None) or node.column + 1
    return Span(file, node.line + shift, node.column, end_line + shift, max(end_col - 1, 1))


def _name_of(node: Any) -> str:
    """Text of an identifier / keyword / literal_value / plain string node."""
    if not _is_tree(node):
        return str(node)
    if node.data == "string":
        out = []
        for part in node.children:
            if _is_tree(part):
                for t in part.children:
                    if not _is_tree(t):
                        out.append(_unescape(str(t)))
        return "".join(out)
    for c in node.children:
        if not _is_tree(c):
            return str(c)
        return _name_of(c)
    return ""


def body_of(tree: Any, file: str) -> Body:
    """Blocks and attributes of a parsed file (`start` tree) or of a `body` tree."""
    if tree.data == "start":
        tree = tree.children[0]
    body = Body()
    for node in _trees(tree):
        if node.data == "attribute":
            kids = [c for c in node.children if _is_tree(c)]
            name_node, expr = kids[0], kids[-1]
            name = _name_of(name_node)
            body.attrs[name] = Attr(name, expr, _tspan(file, node), _tspan(file, name_node), file)
        elif node.data == "block":
            kids = [c for c in node.children if _is_tree(c) and c.data != "new_line_or_comment"]
            inner = kids[-1]
            heads = kids[:-1]
            body.blocks.append(Block(
                _name_of(heads[0]), [_name_of(h) for h in heads[1:]], body_of(inner, file), _tspan(file, node), file,
                [_tspan(file, h) for h in heads[1:]],
            ))
    return body


# ---------------------------------------------------------------------------------------------
# Templates (quoted strings, heredocs, templatefile)
# ---------------------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}
_UNESC = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)", re.S)


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s

    def one(m: re.Match[str]) -> str:
        e = m.group(1)
        if e[0] in "uU" and len(e) > 1:
            try:
                return chr(int(e[1:], 16))
            except ValueError:
                return e
        return _ESCAPES.get(e, "\\" + e)

    return _UNESC.sub(one, s)


@dataclass
class _Part:
    kind: str  # lit | interp | if | else | endif | for | endfor
    text: str = ""
    expr: Any = None  # tree (interp, if condition, for collection)
    names: tuple[str, ...] = ()
    file: str = ""
    shift: int = 0
    strip_left: bool = False
    strip_right: bool = False
    line: int = 0  # lit: the template line of its first character (0: not known)


def _scan_close(text: str, i: int) -> int:
    """Index of the `}` closing an interpolation/directive whose content starts at `i`; -1 if none."""
    depth = 0
    n = len(text)
    while i < n:
        c = text[i]
        if c == '"':
            i += 1
            while i < n and text[i] != '"':
                if text[i] == "\\":
                    i += 2
                    continue
                if text[i] == "$" and text.startswith("${", i):
                    j = _scan_close(text, i + 2)
                    if j < 0:
                        return -1
                    i = j + 1
                    continue
                i += 1
        elif c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:
                return i
            depth -= 1
        i += 1
    return -1


_FOR_DIRECTIVE = re.compile(r"for\s+([A-Za-z_][\w-]*)\s*(?:,\s*([A-Za-z_][\w-]*)\s*)?\s+in\s+", re.S)


def scan_template(text: str, file: str, line: int, col: int, parse_expr: Callable[[str, str, int, int], tuple[Any, int] | None]) -> list[_Part] | None:
    """Split template text (heredoc body, template file) into parts; None when malformed.

    `line`/`col` is the position of text[0]; the text's lines are assumed to start at column
    `col` (a trimmed heredoc) so positions of interpolations can be computed.
    """
    parts: list[_Part] = []
    lit: list[str] = []
    lit_line = [0]
    i = 0
    n = len(text)
    cur_line, line_start = 0, 0  # line index within text, index of its first char

    def pos(k: int) -> tuple[int, int]:
        nonlocal cur_line, line_start
        while True:
            nl = text.find("\n", line_start, k)
            if nl < 0:
                break
            cur_line += 1
            line_start = nl + 1
        return line + cur_line, col + (k - line_start)

    def flush() -> None:
        if lit:
            parts.append(_Part("lit", "".join(lit), line=lit_line[0]))
            lit.clear()

    while i < n:
        c = text[i]
        if not lit:
            lit_line[0] = pos(i)[0]
        if c in "$%" and text.startswith(c + c + "{", i):
            lit.append(c + "{")
            i += 3
            continue
        if c in "$%" and text.startswith(c + "{", i):
            j = _scan_close(text, i + 2)
            if j < 0:
                return None
            inner = text[i + 2 : j]
            strip_left = inner.startswith("~")
            strip_right = inner.endswith("~") and len(inner) > 1
            body = inner[1 if strip_left else 0 : len(inner) - 1 if strip_right else len(inner)]
            lead = len(body) - len(body.lstrip())
            expr_text = body.strip()
            eline, ecol = pos(i + 2 + (1 if strip_left else 0) + lead)
            flush()
            if c == "$":
                parsed = parse_expr(expr_text, file, eline, ecol)
                if parsed is None:
                    return None
                parts.append(_Part("interp", expr=parsed[0], file=file, shift=parsed[1], strip_left=strip_left, strip_right=strip_right))
            else:
                p = _directive(expr_text, file, eline, ecol, parse_expr)
                if p is None:
                    return None
                p.strip_left, p.strip_right = strip_left, strip_right
                parts.append(p)
            i = j + 1
            continue
        lit.append(c)
        i += 1
    flush()
    return parts


def _directive(text: str, file: str, line: int, col: int, parse_expr: Callable[[str, str, int, int], tuple[Any, int] | None]) -> _Part | None:
    word = text.split(None, 1)[0] if text.split() else ""
    if word in ("else", "endif", "endfor") and text == word:
        return _Part(word)
    if word == "if":
        rest = text[2:]
        off = 2 + len(rest) - len(rest.lstrip())
        parsed = parse_expr(rest.strip(), file, line, col + off)
        return None if parsed is None else _Part("if", expr=parsed[0], file=file, shift=parsed[1])
    m = _FOR_DIRECTIVE.match(text)
    if m:
        names = (m.group(1), m.group(2)) if m.group(2) else (m.group(1),)
        parsed = parse_expr(text[m.end() :].strip(), file, line, col + m.end())
        return None if parsed is None else _Part("for", expr=parsed[0], names=names, file=file, shift=parsed[1])
    return None


def _apply_strips(parts: list[_Part], per_line: bool) -> None:
    """Apply `~` strip markers to the adjacent literals.

    HCL trims the adjacent literal *token*. In heredocs and template files every line is its
    own token, so a marker strips whitespace only up to (and including) the nearest line break;
    in a quoted string the whole literal is one token.
    """
    for k, p in enumerate(parts):
        if p.kind == "lit":
            continue
        if p.strip_left and k > 0 and parts[k - 1].kind == "lit":
            text = parts[k - 1].text
            if per_line:
                cut = text.rfind("\n", 0, len(text) - 1) + 1 if text.endswith("\n") else text.rfind("\n") + 1
                parts[k - 1].text = text[:cut] + text[cut:].rstrip()
            else:
                parts[k - 1].text = text.rstrip()
        if p.strip_right and k + 1 < len(parts) and parts[k + 1].kind == "lit":
            text = parts[k + 1].text
            if per_line:
                nl = text.find("\n")
                head = text[: nl + 1] if nl >= 0 else text
                parts[k + 1].text = head.lstrip() + text[len(head) :]
                if parts[k + 1].line and head.lstrip() != head:
                    parts[k + 1].line += head[: len(head) - len(head.lstrip())].count("\n")
            else:
                parts[k + 1].text = text.lstrip()


@dataclass
class _Node:
    part: _Part | None  # None for the root sequence
    children: list[Any] = field(default_factory=list)  # _Part (lit/interp) or _Node
    else_children: list[Any] | None = None


def _nest(parts: list[_Part]) -> _Node | None:
    root = _Node(None)
    stack = [root]
    for p in parts:
        top = stack[-1]
        target = top.else_children if top.else_children is not None else top.children
        if p.kind in ("lit", "interp"):
            target.append(p)
        elif p.kind in ("if", "for"):
            node = _Node(p)
            target.append(node)
            stack.append(node)
        elif p.kind == "else":
            if top.part is None or top.part.kind != "if" or top.else_children is not None:
                return None
            top.else_children = []
        elif p.kind in ("endif", "endfor"):
            if top.part is None or top.part.kind != p.kind[3:]:
                return None
            stack.pop()
    return root if len(stack) == 1 else None


def _block_text(node: _Node) -> str:
    """The literal template text inside a directive block (every branch)."""
    out: list[str] = []
    for c in [*node.children, *(node.else_children or [])]:
        if isinstance(c, _Part):
            out.append(c.text if c.kind == "lit" else "")
        else:
            out.append(_block_text(c))
    return "".join(out)


def _text_map(pieces: list[_Piece], first: int, hidden_texts: list[str]) -> TextMap | None:
    """Which template line each rendered line came from; None when they match one-to-one.

    A rendered line maps to a template line when all its literal text comes from that line and
    it does not start inside a multi-line value.
    """
    lines: list[int | None] = []
    hidden: list[int] = []
    cand: set[int] = set()
    bad = False
    empty_from = 0  # the line began with a literal's line break and has nothing else yet
    offset = 0

    def close() -> int | None:
        got = cand or ({empty_from} if empty_from else set())
        return next(iter(got)) if len(got) == 1 and not bad else None

    for t, p, _, src in pieces:
        text = t if t is not None else (p or UNKNOWN_CHAR)
        if src == HIDDEN:
            hidden.append(offset)
        offset += len(text)
        segs = text.split("\n")
        for j, seg in enumerate(segs):
            if j:
                lines.append(close())
                cand, bad, empty_from = set(), src <= 0, 0
            if src > 0 and seg:
                cand.add(src + j)
            elif src > 0 and j:
                if j < len(segs) - 1:
                    cand.add(src + j)
                else:
                    empty_from = src + j
    lines.append(close())
    if not hidden and all(ln == first + i for i, ln in enumerate(lines)):
        return None
    return TextMap(tuple(lines), tuple(hidden), "".join(hidden_texts))


# ---------------------------------------------------------------------------------------------
# Module environment
# ---------------------------------------------------------------------------------------------


@dataclass
class ModuleEnv:
    """One Terraform module directory: its blocks and what evaluation needs."""

    dir_display: str  # display path of the directory ("." for the working directory)
    dir_path: Path | None  # the directory on disk (for file() / templatefile())
    scan_root: Path | None = None  # reads never leave this directory
    variables: dict[str, Block] = field(default_factory=dict)
    var_overrides: dict[str, V] = field(default_factory=dict)  # terraform.tfvars / *.auto.tfvars
    var_unknown: set[str] = field(default_factory=set)  # set elsewhere (other .tfvars, a calling module)
    locals: dict[str, Attr] = field(default_factory=dict)
    resources: dict[tuple[str, str], Block] = field(default_factory=dict)
    data: dict[tuple[str, str], Block] = field(default_factory=dict)
    modules: dict[str, Block] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)
    # module outputs that can be known: (module name, output name) → function giving the value
    module_outputs: dict[tuple[str, str], Callable[[], V | None]] = field(default_factory=dict)

    def add(self, block: Block) -> None:
        self.blocks.append(block)
        t, labels = block.type, block.labels
        if t == "variable" and labels:
            self.variables.setdefault(labels[0], block)
        elif t == "locals":
            for name, a in block.body.attrs.items():
                self.locals.setdefault(name, a)
        elif t == "resource" and len(labels) >= 2:
            self.resources.setdefault((labels[0], labels[1]), block)
        elif t == "data" and len(labels) >= 2:
            self.data.setdefault((labels[0], labels[1]), block)
        elif t == "module" and labels:
            self.modules.setdefault(labels[0], block)


# resource arguments whose value is what the resource exports under that attribute name
RESOLVABLE_ATTRS: dict[str, dict[str, str]] = {
    "aws_eks_cluster": {"name": "name", "id": "name", "version": "version"},
    "aws_iam_role": {"name": "name", "id": "name", "path": "path"},
    "aws_iam_instance_profile": {"name": "name", "id": "name", "role": "role"},
    "aws_launch_template": {"name": "name"},
    "aws_eks_node_group": {"cluster_name": "cluster_name", "node_group_name": "node_group_name"},
    "aws_eks_access_entry": {"cluster_name": "cluster_name", "principal_arn": "principal_arn"},
}

SPECIAL_ROOTS = {"each", "count", "path", "self", "terraform"}
# functions whose unknown result still stands for the reference given to them
REF_PASSING = {"one", "element", "try", "coalesce", "tostring", "trimspace", "sensitive", "nonsensitive", "tolist", "toset"}


Names = dict[str, V]
# (text, partial text, refs of its unknown parts, template line of a literal / 0 / HIDDEN)
_Piece = tuple[str | None, str | None, tuple[str | None, ...], int]
HIDDEN = -1  # a piece standing for a whole %{ if } / %{ for } block that cannot be rendered


class Evaluator:
    """Evaluates expressions of one module. Create one per `ModuleEnv`."""

    def __init__(self, env: ModuleEnv) -> None:
        self.env = env
        self._file = "-"
        self._shift = 0
        self._locals: dict[str, V] = {}
        self._vars: dict[str, V] = {}
        self._busy: set[str] = set()
        self._depth = 0
        self._expr_cache: dict[tuple[str, int], Any] = {}
        self._budget = MAX_STEPS  # iterations of for-expressions and template loops, for the whole module
        self.files_read: set[str] = set()  # display paths of the files file() / templatefile() read

    # -- entry points ----------------------------------------------------------------------
    def attr(self, attr: Attr | None, names: Names | None = None) -> V | None:
        """Evaluate an attribute's expression (None when the attribute is absent)."""
        if attr is None:
            return None
        return self.expr(attr.expr, attr.file, names or {})

    def expr(self, tree: Any, file: str, names: Names, shift: int = 0) -> V:
        saved = self._file, self._shift
        self._file, self._shift = file, shift
        try:
            return self._eval(tree, names)
        except (EvalError, RecursionError, ArithmeticError, ValueError):
            # Terraform itself would fail here (or the input is absurd): nothing is known
            return unknown(self._span(tree))
        finally:
            self._file, self._shift = saved

    def var(self, name: str, span: Span | None) -> V:
        if name in self._vars:
            return self._vars[name]
        key = "var." + name
        out: V
        if name in self.env.var_unknown or key in self._busy:
            out = unknown(span, ref=key)
        elif name in self.env.var_overrides:
            out = self.env.var_overrides[name]
        else:
            block = self.env.variables.get(name)
            default = block.attr("default") if block is not None else None
            if default is None:
                out = unknown(span, ref=key)
            else:
                self._busy.add(key)
                try:
                    out = self.expr(default.expr, default.file, {})
                finally:
                    self._busy.discard(key)
        self._vars[name] = out
        return out

    def local(self, name: str, span: Span | None) -> V:
        if name in self._locals:
            return self._locals[name]
        key = "local." + name
        a = self.env.locals.get(name)
        if a is None or key in self._busy:
            return unknown(span, ref=key)
        self._busy.add(key)
        try:
            out = self.expr(a.expr, a.file, {})
        finally:
            self._busy.discard(key)
        self._locals[name] = out
        return out

    def reference(self, tree: Any) -> str | None:
        """The address a plain reference expression names (``aws.west``, ``aws_iam_role.x.arn``), else None."""
        if getattr(tree, "data", None) == "json_value":  # a .tf.json file
            from ekslint.load import hcl_json

            return hcl_json.reference(self, tree)
        try:
            root, steps = self._steps(tree)
        except (IndexError, AttributeError):
            return None
        kids = _trees(root) if root.data == "expr_term" else [root]
        if len(kids) != 1 or kids[0].data != "identifier" or (root.children and str(root.children[0]) == "("):
            return None
        try:
            return self._ref_text(str(kids[0].children[0]), steps, {})
        except EvalError:
            return None

    def references(self, tree: Any) -> list[str]:
        """Addresses named by a list of references (``replace_triggered_by``)."""
        if getattr(tree, "data", None) == "json_value":
            from ekslint.load import hcl_json

            return hcl_json.references(self, tree)
        node = _unwrap(tree, "tuple")
        if node is None:
            r = self.reference(tree)
            return [r] if r else []
        return [r for c in _trees(node) if (r := self.reference(c))]

    def object_reference(self, tree: Any, key: str) -> str | None:
        """The address given to `key` in an object of references (``providers = { aws = aws.west }``)."""
        if getattr(tree, "data", None) == "json_value":
            from ekslint.load import hcl_json

            return hcl_json.object_reference(self, tree, key)
        node = _unwrap(tree, "object")
        if node is None:
            return None
        for elem in _trees(node):
            kids = _trees(elem)
            if len(kids) < 2:
                continue
            try:
                k = self._object_key(kids[0], {})
            except EvalError:
                continue
            if k == key:
                return self.reference(kids[-1])
        return None

    def _tick(self) -> None:
        self._budget -= 1
        if self._budget < 0:
            raise EvalError("too many loop iterations")

    # -- positions -------------------------------------------------------------------------
    def _span(self, node: Any) -> Span:
        return _tspan(self._file, node, self._shift)

    # -- dispatch --------------------------------------------------------------------------
    def _eval(self, node: Any, names: Names) -> V:
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                return unknown(self._span(node))
            fn = getattr(self, "_e_" + node.data, None)
            if fn is None:
                return unknown(self._span(node))
            return fn(node, names)
        finally:
            self._depth -= 1

    def _e_expr_term(self, node: Any, names: Names) -> V:
        kids = _trees(node)
        if len(kids) == 1 and not (node.children and not _is_tree(node.children[0]) and str(node.children[0]) == "("):
            return self._eval(kids[0], names)
        if kids:
            return respan(self._eval(kids[0], names), self._span(node))
        return unknown(self._span(node))

    def _e_json_value(self, node: Any, names: Names) -> V:
        """A value of a ``.tf.json`` file (`ekslint.load.hcl_json.JsonExpr`)."""
        from ekslint.load import hcl_json

        return hcl_json.evaluate(self, node, names)

    def _e_int_lit(self, node: Any, names: Names) -> V:
        return TfV(int(str(node.children[0])), self._span(node))

    def _e_float_lit(self, node: Any, names: Names) -> V:
        return TfV(float(str(node.children[0])), self._span(node))

    def _e_literal_value(self, node: Any, names: Names) -> V:
        t = str(node.children[0])
        return TfV({"true": True, "false": False}.get(t), self._span(node))

    def _e_identifier(self, node: Any, names: Names) -> V:
        name = str(node.children[0])
        if name in names:
            return names[name]
        return unknown(self._span(node), ref=name)

    def _e_template_string(self, node: Any, names: Names) -> V:
        return unknown(self._span(node))

    def _e_tuple(self, node: Any, names: Names) -> V:
        items = [self._eval(c, names) for c in _trees(node)]
        return TfV(items, self._span(node))

    def _e_object(self, node: Any, names: Names) -> V:
        out: dict[str, V] = {}
        span = self._span(node)
        for elem in _trees(node):
            kids = _trees(elem)
            if len(kids) < 2:
                continue
            key_node, val_node = kids[0], kids[-1]
            key = self._object_key(key_node, names)
            if key is None:
                return unknown(span)
            got = self._eval(val_node, names)
            v = respan(got, got.span or span)  # a copy: the value may be shared (each.value, a variable)
            v.key_span = self._span(key_node)
            out[key] = v
        return TfV(out, span)

    def _object_key(self, key_node: Any, names: Names) -> str | None:
        inner = _trees(key_node)
        if not inner:  # keyword
            return _name_of(key_node)
        expr = inner[0]
        if expr.data == "expr_term":
            kids = _trees(expr)
            if len(kids) == 1 and kids[0].data == "identifier" and str(expr.children[0]) != "(":
                return str(kids[0].children[0])
        k = self._eval(expr, names)
        if not k.known:
            return None
        if isinstance(k.value, bool):
            return "true" if k.value else "false"
        if isinstance(k.value, int | float | str):
            return _num_str(k.value) if not isinstance(k.value, str) else k.value
        raise EvalError("object key is not a string")

    def _e_conditional(self, node: Any, names: Names) -> V:
        kids = _trees(node)
        cond, a, b = kids[0], kids[1], kids[2]
        c = self._eval(cond, names)
        span = self._span(node)
        cb = _as_bool(c)
        if cb is True:
            return self._eval(a, names)
        if cb is False:
            return self._eval(b, names)
        if c.known:
            raise EvalError("condition is not a bool")
        va, vb = self._eval(a, names), self._eval(b, names)
        if fully_known(va) and fully_known(vb) and plain(va) == plain(vb):
            return respan(va, span)
        return unknown(span)

    def _e_binary_op(self, node: Any, names: Names) -> V:
        kids = _trees(node)
        lhs, term = kids[0], kids[1]
        tkids = _trees(term)
        op = str(tkids[0].children[0]).strip()
        rhs = tkids[-1]
        span = self._span(node)
        left = self._eval(lhs, names)
        if op in ("&&", "||"):
            lb = _as_bool(left)
            if op == "&&" and lb is False:
                return TfV(False, span)
            if op == "||" and lb is True:
                return TfV(True, span)
            right = self._eval(rhs, names)
            rb = _as_bool(right)
            if op == "&&" and rb is False and left.known:
                return TfV(False, span)
            if op == "||" and rb is True and left.known:
                return TfV(True, span)
            if lb is None or rb is None:
                if left.known and right.known:
                    raise EvalError("operand is not a bool")
                return unknown(span)
            return TfV(lb and rb if op == "&&" else lb or rb, span)
        right = self._eval(rhs, names)
        if op in ("==", "!="):
            if not (fully_known(left) and fully_known(right)):
                return unknown(span)
            eq = _equal(plain(left), plain(right))
            return TfV(eq if op == "==" else not eq, span)
        if not (left.known and right.known):
            return unknown(span)
        a, b = _to_number(left.value), _to_number(right.value)
        if a is None or b is None:
            raise EvalError("operand is not a number")
        if op == "+":
            r: Any = a + b
        elif op == "-":
            r = a - b
        elif op == "*":
            r = a * b
        elif op == "/":
            if b == 0:
                raise EvalError("division by zero")
            r = a / b
        elif op == "%":
            if b == 0:
                raise EvalError("division by zero")
            r = math.fmod(a, b)
        elif op == "<":
            r = a < b
        elif op == ">":
            r = a > b
        elif op == "<=":
            r = a <= b
        elif op == ">=":
            r = a >= b
        else:
            return unknown(span)
        if isinstance(r, float) and r.is_integer() and op in "+-*%/" and isinstance(a, int) and isinstance(b, int):
            r = int(r)
        return TfV(r, span)

    def _e_unary_op(self, node: Any, names: Names) -> V:
        op = str(node.children[0])
        v = self._eval(_trees(node)[0], names)
        span = self._span(node)
        if not v.known:
            return unknown(span)
        if op == "!":
            b = _as_bool(v)
            if b is None:
                raise EvalError("operand is not a bool")
            return TfV(not b, span)
        n = _to_number(v.value)
        if n is None:
            raise EvalError("operand is not a number")
        return TfV(-n, span)

    # -- strings ---------------------------------------------------------------------------
    def _e_string(self, node: Any, names: Names) -> V:
        span = self._span(node)
        parts: list[_Part] = []
        for sp in node.children:
            if not _is_tree(sp):
                continue
            for c in sp.children:
                if not _is_tree(c):
                    t = str(c)
                    t = t[1:] if c.type in ("ESCAPED_INTERPOLATION", "ESCAPED_DIRECTIVE") else _unescape(t)
                    parts.append(_Part("lit", t))
                elif c.data == "interpolation":
                    parts.append(_Part("interp", expr=_trees(c)[0], file=self._file, shift=self._shift))
                else:
                    p = self._flat_directive(c)
                    if p is None:
                        return unknown(span)
                    parts.append(p)
        if len(parts) == 1 and parts[0].kind == "interp":
            v = self._eval(parts[0].expr, names)
            return respan(v, span) if not isinstance(v.value, dict | list) else v
        return self._render(parts, names, span, None, per_line=False)

    def _flat_directive(self, c: Any) -> _Part | None:
        toks = [str(t) for t in c.children if not _is_tree(t)]
        strip_left = len(toks) > 1 and toks[1] == "~"
        strip_right = len(toks) > 2 and toks[-2] == "~"
        kind = {"template_if_start": "if", "template_else": "else", "template_endif": "endif",
                "template_for_start": "for", "template_endfor": "endfor"}.get(c.data)
        if kind is None:
            return None
        p = _Part(kind, file=self._file, shift=self._shift, strip_left=strip_left, strip_right=strip_right)
        kids = _trees(c)
        if kind == "if":
            p.expr = kids[0]
        elif kind == "for":
            idents = [k for k in kids if k.data == "identifier"]
            p.names = tuple(str(k.children[0]) for k in idents)
            p.expr = [k for k in kids if k.data != "identifier"][-1]
        return p

    def _render(self, parts: list[_Part], names: Names, span: Span, mapping: tuple[str, int, int] | None, per_line: bool = True) -> V:
        _apply_strips(parts, per_line)
        root = _nest(parts)
        if root is None:
            return unknown(span)
        pieces: list[_Piece] = []
        module_path_ok = [True]
        hidden_texts: list[str] = []
        self._render_nodes(root.children, names, pieces, module_path_ok, hidden_texts)
        if sum(len(t or p or "") for t, p, _, _ in pieces) > MAX_TEXT:
            raise EvalError("string is too long")
        known = all(t is not None for t, _, _, _ in pieces)
        kw: dict[str, Any] = {}
        if mapping is not None:
            kw = {"text_file": mapping[0], "text_line": mapping[1], "text_col": mapping[2],
                  "text_map": _text_map(pieces, mapping[1], hidden_texts)}
        if known:
            return TfV("".join(t or "" for t, _, _, _ in pieces), span, **kw)
        partial = "".join(t if t is not None else (p or UNKNOWN_CHAR) for t, p, _, _ in pieces)
        kw["unknown_refs"] = tuple(r for t, _, refs, _ in pieces if t is None for r in refs)
        if module_path_ok[0]:
            kw["module_path"] = "".join(t if t is not None else "." for t, _, _, _ in pieces)
        return unknown(span, partial=partial, **kw)

    def _render_nodes(self, nodes: list[Any], names: Names, out: list[_Piece], mp: list[bool],
                      hidden: list[str] | None = None) -> None:
        hidden = hidden if hidden is not None else []
        for n in nodes:
            if isinstance(n, _Part):
                if n.kind == "lit":
                    out.append((n.text, None, (), n.line))
                    continue
                v = self.expr(n.expr, n.file, names, n.shift) if n.expr is not None else unknown(None)
                if v.known:
                    s = _template_str(v)
                    if s is None:
                        raise EvalError("value cannot be used in a string template")
                    out.append((s, None, (), 0))
                else:
                    if v.ref != "path.module":
                        mp[0] = False
                    if v.partial is None:
                        refs: tuple[str | None, ...] = (v.ref,)
                    elif isinstance(v, TfV) and v.unknown_refs is not None and len(v.unknown_refs) == v.partial.count(UNKNOWN_CHAR):
                        refs = v.unknown_refs
                    else:
                        refs = (None,) * v.partial.count(UNKNOWN_CHAR)
                    out.append((None, v.partial, refs, 0))
                continue
            p = n.part
            if p.kind == "if":
                c = self.expr(p.expr, p.file, names, p.shift)
                b = _as_bool(c)
                if b is None:
                    mp[0] = False
                    out.append((None, None, (None,), HIDDEN))
                    hidden.append(_block_text(n))
                    continue
                self._render_nodes(n.children if b else (n.else_children or []), names, out, mp, hidden)
            elif p.kind == "for":
                coll = self.expr(p.expr, p.file, names, p.shift)
                if not coll.known:
                    mp[0] = False
                    out.append((None, None, (None,), HIDDEN))
                    hidden.append(_block_text(n))
                    continue
                for k, v in _iterate(coll):
                    self._tick()
                    if len(out) > MAX_ITEMS:
                        raise EvalError("template output is too large")
                    inner = dict(names)
                    if len(p.names) == 2:
                        inner[p.names[0]], inner[p.names[1]] = k, v
                    else:
                        inner[p.names[0]] = v
                    self._render_nodes(n.children, inner, out, mp, hidden)

    def _e_heredoc_template(self, node: Any, names: Names) -> V:
        return self._heredoc(node, names, trim=False)

    def _e_heredoc_template_trim(self, node: Any, names: Names) -> V:
        return self._heredoc(node, names, trim=True)

    def _heredoc(self, node: Any, names: Names, trim: bool) -> V:
        tok = node.children[0]
        raw = str(tok)
        lines = raw.split("\n")
        # lines[0] = "<<EOT", then the body, then the closing marker, then "" (trailing newline)
        while lines and lines[-1] == "":
            lines.pop()
        body = lines[1:-1]
        start_line = tok.line + self._shift
        end_line = start_line + len(lines) - 1
        span = Span(self._file, start_line, tok.column, end_line, max(len(lines[-1]), 1) if lines else 1)
        indent = 0
        if trim:
            widths = [len(b) - len(b.lstrip(" \t")) for b in body if b.strip()]
            indent = min(widths) if widths else 0
            # HCL leaves whitespace-only lines alone and trims `indent` characters from the others
            body = [b if not b.strip() else b[indent:] for b in body]
        text = "\n".join(body) + ("\n" if body else "")
        first = start_line + 1
        if "${" not in text and "%{" not in text:
            return TfV(text.replace("$${", "${").replace("%%{", "%{"), span, text_file=self._file, text_line=first, text_col=indent + 1)
        parts = scan_template(text, self._file, first, indent + 1, self._parse_expr)
        if parts is None:
            return unknown(span, text_file=self._file, text_line=first, text_col=indent + 1)
        return self._render(parts, names, span, (self._file, first, indent + 1))

    def _parse_expr(self, text: str, file: str, line: int, col: int) -> tuple[Any, int] | None:
        """Parse an expression found at `line`/`col` of `file`; returns (tree, line shift)."""
        key = (text, col)
        if key not in self._expr_cache:
            try:
                tree = parse("x=(\n" + " " * max(col - 1, 0) + text + "\n)\n")
                attr = _trees(tree.children[0])[0]
                expr = [c for c in attr.children if _is_tree(c)][-1]  # expr_term "(" expression ")"
                self._expr_cache[key] = _trees(expr)[0]
            except (HclSyntaxError, IndexError):
                self._expr_cache[key] = None
        tree = self._expr_cache[key]
        if tree is None:
            return None
        return tree, line - 2

    def render_template(self, text: str, file: str, names: Names, span: Span) -> V:
        """A templatefile() template rendered with `names` (its first line is line 1 of `file`)."""
        parts = scan_template(text, file, 1, 1, self._parse_expr)
        mapping = (file, 1, 1)
        if parts is None:
            return unknown(span, text_file=file, text_line=1)
        saved = self._file, self._shift
        try:
            return self._render(parts, names, span, mapping)
        except EvalError:
            return unknown(span, text_file=file, text_line=1)
        finally:
            self._file, self._shift = saved

    # -- for expressions -------------------------------------------------------------------
    def _for_parts(self, node: Any) -> tuple[list[str], Any, list[Any], Any | None, bool]:
        kids = _trees(node)
        intro = kids[0]
        ikids = _trees(intro)
        idents = [str(k.children[0]) for k in ikids if k.data == "identifier"]
        coll = [k for k in ikids if k.data != "identifier"][-1]
        cond = None
        rest = []
        for k in kids[1:]:
            if k.data == "for_cond":
                cond = _trees(k)[0]
            else:
                rest.append(k)
        grouping = any(not _is_tree(c) and str(c) == "..." for c in node.children)
        return idents, coll, rest, cond, grouping

    def _for_iter(self, node: Any, names: Names) -> Iterator[tuple[Names, Any]] | None:
        idents, coll_node, rest, cond, _ = self._for_parts(node)
        coll = self._eval(coll_node, names)
        if not coll.known:
            return None
        if coll.value is None:
            raise EvalError("for expression over null")

        def gen() -> Iterator[tuple[Names, Any]]:
            for k, v in _iterate(coll):
                self._tick()
                inner = dict(names)
                if len(idents) == 2:
                    inner[idents[0]], inner[idents[1]] = k, v
                else:
                    inner[idents[0]] = v
                if cond is not None:
                    c = self._eval(cond, inner)
                    b = _as_bool(c)
                    if b is None:
                        raise _Unknown()
                    if not b:
                        continue
                yield inner, rest

        return gen()

    def _e_for_tuple_expr(self, node: Any, names: Names) -> V:
        span = self._span(node)
        it = self._for_iter(node, names)
        if it is None:
            return unknown(span)
        out = []
        try:
            for inner, rest in it:
                out.append(self._eval(rest[0], inner))
        except _Unknown:
            return unknown(span)
        return TfV(out, span)

    def _e_for_object_expr(self, node: Any, names: Names) -> V:
        span = self._span(node)
        grouping = self._for_parts(node)[4]
        it = self._for_iter(node, names)
        if it is None:
            return unknown(span)
        out: dict[str, Any] = {}
        try:
            for inner, rest in it:
                k = self._eval(rest[0], inner)
                if not k.known:
                    return unknown(span)
                key = k.value if isinstance(k.value, str) else _template_str(k)
                if key is None:
                    raise EvalError("object key is not a string")
                v = self._eval(rest[1], inner)
                v = respan(v, v.span)
                v.key_span = k.span
                if grouping:
                    out.setdefault(key, TfV([], v.span, key_span=k.span)).value.append(v)
                else:
                    if key in out:
                        raise EvalError("duplicate object key")
                    out[key] = v
        except _Unknown:
            return unknown(span)
        return TfV(out, span)

    # -- references ------------------------------------------------------------------------
    def _e_get_attr_expr_term(self, node: Any, names: Names) -> V:
        return self._traversal(node, names)

    _e_index_expr_term = _e_get_attr_expr_term
    _e_attr_splat_expr_term = _e_get_attr_expr_term
    _e_full_splat_expr_term = _e_get_attr_expr_term

    def _steps(self, node: Any) -> tuple[Any, list[tuple[str, Any]]]:
        """Flatten a traversal into its root term and steps (attr name / index tree / splat)."""
        steps: list[tuple[str, Any]] = []
        cur = node
        while True:
            if cur.data == "expr_term":
                kids = _trees(cur)
                if len(kids) == 1 and kids[0].data in ("get_attr_expr_term", "index_expr_term", "attr_splat_expr_term", "full_splat_expr_term") and str(cur.children[0]) != "(":
                    cur = kids[0]
                    continue
                break
            kids = _trees(cur)
            base, op = kids[0], kids[1]
            if cur.data == "get_attr_expr_term":
                steps.append(("attr", _name_of(_trees(op)[0])))
            elif cur.data == "index_expr_term":
                steps.append(self._index_step(op))
            else:
                sub: list[tuple[str, Any]] = []
                for s in _trees(op):
                    sub.append(("attr", _name_of(_trees(s)[0])) if s.data == "get_attr" else self._index_step(s))
                steps.append(("splat", list(sub)))
            cur = base
        steps.reverse()
        return cur, steps

    def _index_step(self, op: Any) -> tuple[str, Any]:
        if op.data == "short_index":
            return ("index_lit", int(str([c for c in op.children if not _is_tree(c)][-1])))
        return ("index", _trees(op)[0])

    def _traversal(self, node: Any, names: Names) -> V:
        span = self._span(node)
        root, steps = self._steps(node)
        root_kids = _trees(root) if root.data == "expr_term" else [root]
        root_name = None
        if root.data == "expr_term" and len(root_kids) == 1 and root_kids[0].data == "identifier" and str(root.children[0]) != "(":
            root_name = str(root_kids[0].children[0])
        if root_name is None or root_name in names:
            base = self._eval(root, names)
            return self._apply(base, steps, names, span, root_name or None)
        if root_name == "var" and steps and steps[0][0] == "attr":
            v = self.var(steps[0][1], span)
            return self._apply(v, steps[1:], names, span, "var." + steps[0][1], respan_scalar=True)
        if root_name == "local" and steps and steps[0][0] == "attr":
            v = self.local(steps[0][1], span)
            return self._apply(v, steps[1:], names, span, "local." + steps[0][1], respan_scalar=True)
        ref = self._ref_text(root_name, steps, names)
        if root_name in SPECIAL_ROOTS:
            return unknown(span, ref=ref)
        if (root_name == "data" and len(steps) == 3 and steps[0] == ("attr", "template_file") and steps[1][0] == "attr"
                and steps[2] == ("attr", "rendered")):
            got = self._template_file(steps[1][1], span)
            if got is not None:
                return got
        if root_name == "data" or len(steps) < 1:
            return unknown(span, ref=ref)
        if root_name == "module" and steps[0][0] == "attr" and len(steps) >= 2 and steps[1][0] == "attr":
            getter = self.env.module_outputs.get((steps[0][1], steps[1][1]))
            got = getter() if getter is not None else None
            if got is not None and got.known and len(steps) == 2:
                return respan(got, span, ref=ref)
            return unknown(span, ref=ref)
        return self._resource_attr(root_name, steps, names, span, ref)

    def _resource_attr(self, rtype: str, steps: list[tuple[str, Any]], names: Names, span: Span, ref: str) -> V:
        if steps[0][0] != "attr":
            return unknown(span, ref=ref)
        rname = steps[0][1]
        block = self.env.resources.get((rtype, rname))
        table = RESOLVABLE_ATTRS.get(rtype)
        if block is None or table is None:
            return unknown(span, ref=ref)
        rest = steps[1:]
        expanded = block.attr("count") is not None or block.attr("for_each") is not None
        if expanded:
            if not rest or rest[0][0] not in ("index", "index_lit", "splat"):
                return unknown(span, ref=ref)
            if rest[0][0] == "splat":
                return unknown(span, ref=ref)
            rest = rest[1:]
        if len(rest) != 1 or rest[0][0] != "attr" or rest[0][1] not in table:
            return unknown(span, ref=ref)
        arg = block.attr(table[rest[0][1]])
        key = f"{rtype}.{rname}.{arg.name if arg else ''}"
        if arg is None or key in self._busy:
            return unknown(span, ref=ref)
        self._busy.add(key)
        try:
            v = self.expr(arg.expr, arg.file, {})
        finally:
            self._busy.discard(key)
        if not v.known or v.value is None or isinstance(v.value, dict | list):
            return unknown(span, ref=ref)
        return respan(v, span, ref=ref)

    def _ref_text(self, root: str, steps: list[tuple[str, Any]], names: Names) -> str:
        out = [root]
        for kind, arg in steps:
            if kind == "attr":
                out.append("." + arg)
            elif kind == "index_lit":
                out.append(f"[{arg}]")
            elif kind == "index":
                k = self._eval(arg, names)
                if k.known and isinstance(k.value, str):
                    out.append(json.dumps(k.value).join("[]"))
                elif k.known and isinstance(k.value, int | float) and not isinstance(k.value, bool):
                    out.append(f"[{_num_str(k.value)}]")
                else:
                    out.append("[*]")
            else:
                out.append("[*]")
                out.append(self._ref_text("", arg, names))
        return "".join(out)

    def _apply(self, v: V, steps: list[tuple[str, Any]], names: Names, span: Span, ref: str | None, respan_scalar: bool = False) -> V:
        cur = v
        path = ref or cur.ref
        for i, (kind, arg) in enumerate(steps):
            if not cur.known:
                tail = self._ref_text("", steps[i:], names)
                base = cur.ref or path
                return unknown(span, ref=(base + tail) if base else None)
            if kind == "attr":
                if isinstance(cur.value, dict):
                    if arg not in cur.value:
                        raise EvalError(f"no attribute {arg}")
                    cur = cur.value[arg]
                else:
                    raise EvalError(f"cannot read attribute {arg}")
                path = f"{path}.{arg}" if path else None
            elif kind in ("index", "index_lit"):
                k = TfV(arg, None) if kind == "index_lit" else self._eval(arg, names)
                if not k.known:
                    return unknown(span, ref=(path + "[*]") if path else None)
                cur = _index(cur, k.value)
                path = None
            else:  # splat
                if cur.value is None:
                    cur = TfV([], span)
                    continue
                items = cur.value if isinstance(cur.value, list) else [cur]
                res = [self._apply(x, arg, names, x.span or span, None) for x in items]
                return TfV(res, span)
        if respan_scalar and not isinstance(cur.value, dict | list):
            return respan(cur, span)
        if cur.value is not None and isinstance(cur.value, dict | list) and respan_scalar:
            out = respan(cur, span)
            out.key_span = None
            return out
        return cur

    # -- functions -------------------------------------------------------------------------
    def _e_function_call(self, node: Any, names: Names) -> V:
        idents = [c for c in _trees(node) if c.data == "identifier"]
        span = self._span(node)
        args_node = next((c for c in _trees(node) if c.data == "arguments"), None)
        arg_trees = _trees(args_node) if args_node is not None else []
        expand = args_node is not None and any(not _is_tree(c) and str(c) == "..." for c in args_node.children)
        if len(idents) > 1:  # provider::aws::fn(x)
            args = [self._eval(a, names) for a in arg_trees]
            ref = next((a.ref for a in args if a.ref), None)
            return unknown(span, ref=ref, func="::".join(str(i.children[0]) for i in idents))
        name = str(idents[0].children[0])
        if name in ("try", "can"):
            return self._f_try(arg_trees, names, span, name == "can")
        if name in ("file", "templatefile", "filebase64", "fileexists"):
            return self._f_file(name, arg_trees, names, span)
        fn = FUNCTIONS.get(name)
        args = [self._eval(a, names) for a in arg_trees]
        if expand and args:
            last = args.pop()
            if not last.known:
                return unknown(span)
            args.extend(last.value if isinstance(last.value, list) else [])
        if fn is None:
            ref = args[0].ref if name in REF_PASSING and args and not args[0].known else None
            return unknown(span, ref=ref, func=name)
        try:
            out = check_size(fn(args, span))
        except EvalError:
            raise
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError, re.error, UnicodeError):
            raise EvalError(f"{name}() failed") from None
        if not out.known and out.ref is None and name in REF_PASSING and args and not args[0].known and args[0].ref:
            out.ref = args[0].ref
        return out

    def _f_try(self, arg_trees: list[Any], names: Names, span: Span, can: bool) -> V:
        for a in arg_trees:
            try:
                v = self._eval(a, names)
            except EvalError:
                continue
            if can:
                return TfV(True, span) if v.known else unknown(span)
            return v
        if can:
            return TfV(False, span)
        raise EvalError("no argument of try() succeeded")

    def _f_file(self, name: str, arg_trees: list[Any], names: Names, span: Span) -> V:
        args = [self._eval(a, names) for a in arg_trees]
        if not args:
            raise EvalError(f"{name}() needs a path")
        got = self._read_module_file(args[0])
        if name == "fileexists":
            return unknown(span) if got is None else TfV(True, span)
        if got is None:
            return unknown(span, func=name)
        text, display, raw = got
        if name == "filebase64":
            origin = TfV(text, span, text_file=display, text_line=1) if text is not None else None
            return TfV(base64.b64encode(raw).decode(), span, func=name, origin=origin)
        if text is None:
            return unknown(span, func=name)
        if name == "file":
            return TfV(text, span, text_file=display, text_line=1, func=name)
        tvars = args[1] if len(args) > 1 else TfV({}, span)
        if not tvars.known or not isinstance(tvars.value, dict):
            return unknown(span, func=name, text_file=display, text_line=1, partial=None)
        out = self.render_template(text, display, dict(tvars.value), span)
        if isinstance(out, TfV):
            out.func = name
        return out

    def _template_file(self, name: str, span: Span) -> V | None:
        """``data.template_file.<name>.rendered`` of the (deprecated, still common) template
        provider, for a template read with ``file()``: rendered like ``templatefile()``."""
        block = self.env.data.get(("template_file", name))
        key = f"data.template_file.{name}"
        if block is None or block.attr("count") is not None or block.attr("for_each") is not None or key in self._busy:
            return None
        self._busy.add(key)
        try:
            tmpl = self.attr(block.attr("template"))
            tvars = self.attr(block.attr("vars")) or TfV({}, span)
        finally:
            self._busy.discard(key)
        if not (isinstance(tmpl, TfV) and tmpl.func == "file" and tmpl.text_file and tmpl.text_line == 1
                and isinstance(tmpl.value, str)):
            return None
        if not tvars.known or not isinstance(tvars.value, dict):
            return unknown(span, func="templatefile", text_file=tmpl.text_file, text_line=1, partial=None)
        out = self.render_template(tmpl.value, tmpl.text_file, dict(tvars.value), span)
        if isinstance(out, TfV):
            out.func = "templatefile"
        return out

    def _read_module_file(self, path_v: V) -> tuple[str | None, str, bytes] | None:
        """(text or None if not UTF-8, display path, bytes) of a file named relative to the module."""
        if path_v.known and isinstance(path_v.value, str):
            rel = path_v.value
        elif isinstance(path_v, TfV) and path_v.module_path is not None:
            rel = path_v.module_path
        else:
            return None
        if self.env.dir_path is None or not rel or "\0" in rel:
            return None
        try:
            p = Path(rel) if os.path.isabs(rel) else self.env.dir_path / rel
            real = p.resolve()
            root = (self.env.scan_root or self.env.dir_path).resolve()
            if not real.is_relative_to(root) or not real.is_file() or real.stat().st_size > MAX_TEMPLATE_BYTES:
                return None
            raw = real.read_bytes()
        except (OSError, ValueError, RuntimeError):
            return None
        if os.path.isabs(rel):
            display = real.as_posix()
        else:
            display = posixpath.normpath(posixpath.join(self.env.dir_display, rel.replace("\\", "/")))
        self.files_read.add(display)
        try:
            text: str | None = raw.decode("utf-8-sig").replace("\r\n", "\n")
        except UnicodeDecodeError:
            text = None
        return text, display, raw


def attr_text(a: Attr | None, ev: Evaluator | None = None) -> str | None:
    """The known text of an attribute: with `ev`, as that module evaluates it; without, only a
    string written out in full."""
    if a is None:
        return None
    v = (ev or Evaluator(ModuleEnv(".", None))).attr(a)
    return v.value if v is not None and v.known and isinstance(v.value, str) else None


def _unwrap(tree: Any, data: str) -> Any | None:
    node = tree
    while node.data == "expr_term":
        kids = _trees(node)
        if len(kids) != 1:
            return None
        node = kids[0]
    return node if node.data == data else None


class _Unknown(Exception):
    """A for-expression condition is unknown: the whole result is."""


# ---------------------------------------------------------------------------------------------
# Value helpers
# ---------------------------------------------------------------------------------------------


def _as_bool(v: V) -> bool | None:
    if not v.known:
        return None
    if isinstance(v.value, bool):
        return v.value
    if isinstance(v.value, str) and v.value in ("true", "false"):
        return v.value == "true"
    return None


def _to_number(x: Any) -> int | float | None:
    if isinstance(x, bool):
        return None
    if isinstance(x, int | float):
        return x
    if isinstance(x, str):
        try:
            return int(x)
        except ValueError:
            try:
                return float(x)
            except ValueError:
                return None
    return None


def _num_str(x: int | float) -> str:
    if isinstance(x, float):
        if x.is_integer() and abs(x) < 1e21:
            return str(int(x))
        return repr(x)
    return str(x)


def _template_str(v: V) -> str | None:
    x = v.value
    if isinstance(x, str):
        return x
    if isinstance(x, bool):
        return "true" if x else "false"
    if isinstance(x, int | float):
        return _num_str(x)
    return None


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    return bool(a == b)


def _iterate(coll: V) -> list[tuple[V, V]]:
    if isinstance(coll.value, dict):
        return [(TfV(k, v.key_span or v.span), v) for k, v in sorted(coll.value.items())]
    if isinstance(coll.value, list):
        return [(TfV(i, v.span), v) for i, v in enumerate(coll.value)]
    raise EvalError("cannot iterate over this value")


def _index(cur: V, key: Any) -> V:
    if isinstance(cur.value, list):
        n = _to_number(key)
        if n is None or not math.isfinite(n) or int(n) != n or not 0 <= int(n) < len(cur.value):
            raise EvalError("index out of range")
        return cur.value[int(n)]
    if isinstance(cur.value, dict):
        k = key if isinstance(key, str) else (_num_str(key) if isinstance(key, int | float) and not isinstance(key, bool) else None)
        if k is None or k not in cur.value:
            raise EvalError("no such key")
        return cur.value[k]
    raise EvalError("value cannot be indexed")


# ---------------------------------------------------------------------------------------------
# Functions
# ---------------------------------------------------------------------------------------------

Fn = Callable[[list[V], Span], V]
FUNCTIONS: dict[str, Fn] = {}


def _fn(*names: str) -> Callable[[Fn], Fn]:
    def deco(f: Fn) -> Fn:
        for n in names:
            FUNCTIONS[n] = f
        return f

    return deco


def _strs(args: list[V], n: int | None = None) -> list[str] | None:
    """Known string (or number/bool, converted) arguments, else None."""
    if n is not None and len(args) != n:
        raise EvalError("wrong number of arguments")
    out = []
    for a in args:
        if not a.known:
            return None
        s = _template_str(a)
        if s is None:
            raise EvalError("argument is not a string")
        out.append(s)
    return out


def _string_fn(name: str, f: Callable[..., Any], n: int) -> None:
    def impl(args: list[V], span: Span) -> V:
        s = _strs(args, n)
        if s is None:
            return unknown(span)
        return TfV(f(*s), span)

    FUNCTIONS[name] = impl


_string_fn("lower", str.lower, 1)
_string_fn("upper", str.upper, 1)
_string_fn("title", lambda s: re.sub(r"\b\w", lambda m: m.group(0).upper(), s), 1)
_string_fn("trimspace", str.strip, 1)
_string_fn("chomp", lambda s: re.sub(r"(\r\n|\n|\r)+$", "", s), 1)
_string_fn("trimprefix", lambda s, p: s[len(p) :] if p and s.startswith(p) else s, 2)
_string_fn("trimsuffix", lambda s, p: s[: -len(p)] if p and s.endswith(p) else s, 2)
_string_fn("trim", lambda s, c: s.strip(c), 2)
_string_fn("trimleft", lambda s, c: s.lstrip(c), 2)
_string_fn("trimright", lambda s, c: s.rstrip(c), 2)
_string_fn("startswith", lambda s, p: s.startswith(p), 2)
_string_fn("endswith", lambda s, p: s.endswith(p), 2)
_string_fn("strcontains", lambda s, p: p in s, 2)
_string_fn("indent", lambda n, s: s.replace("\n", "\n" + " " * int(n)), 2)
_string_fn("strrev", lambda s: s[::-1], 1)


def _keeps_lines(name: str) -> None:
    """`name` only trims the ends of a text: a template's result keeps its line mapping."""
    base = FUNCTIONS[name]

    def impl(args: list[V], span: Span) -> V:
        out = base(args, span)
        src = args[0] if args else None
        if not (isinstance(out, TfV) and out.known and isinstance(src, TfV) and src.known and src.text_file
                and src.text_line is not None and isinstance(src.value, str)):
            return out
        lead = src.value[: len(src.value) - len(src.value.lstrip())] if name == "trimspace" else ""
        k = lead.count("\n")
        out.text_file, out.text_line, out.text_col = src.text_file, src.text_line + k, src.text_col
        if src.text_map is not None:
            out.text_map = TextMap(src.text_map.lines[k:], (), src.text_map.hidden_text)
        return out

    FUNCTIONS[name] = impl


_keeps_lines("trimspace")
_keeps_lines("chomp")


@_fn("replace")
def _f_replace(args: list[V], span: Span) -> V:
    s = _strs(args, 3)
    if s is None:
        return unknown(span)
    text, sub, rep = s
    if len(sub) >= 2 and sub.startswith("/") and sub.endswith("/"):
        rep_py = re.sub(r"\$\{?(\d+)\}?", r"\\g<\1>", rep.replace("\\", "\\\\"))
        return TfV(re.sub(sub[1:-1], rep_py, text), span)
    return TfV(text.replace(sub, rep), span)


@_fn("substr")
def _f_substr(args: list[V], span: Span) -> V:
    s = _strs(args, 3)
    if s is None:
        return unknown(span)
    text, off, length = s[0], int(s[1]), int(s[2])
    if off < 0:
        off = max(len(text) + off, 0)
    return TfV(text[off:] if length < 0 else text[off : off + length], span)


@_fn("split")
def _f_split(args: list[V], span: Span) -> V:
    s = _strs(args, 2)
    if s is None:
        return unknown(span)
    sep, text = s
    if text == "":
        return TfV([], span)
    return TfV([TfV(p, span) for p in (text.split(sep) if sep else list(text))], span)


@_fn("join")
def _f_join(args: list[V], span: Span) -> V:
    if len(args) < 2:
        raise EvalError("join needs a separator and a list")
    sep = args[0]
    if not sep.known or not isinstance(sep.value, str):
        return unknown(span)
    pieces: list[str | None] = []
    for lst in args[1:]:
        if not lst.known:
            return unknown(span)
        if not isinstance(lst.value, list):
            raise EvalError("join needs lists")
        for item in lst.value:
            pieces.append(_template_str(item) if item.known else None)
            if item.known and pieces[-1] is None:
                raise EvalError("join element is not a string")
    if all(p is not None for p in pieces):
        return TfV(sep.value.join(p or "" for p in pieces), span)
    return unknown(span, partial=sep.value.join(p if p is not None else UNKNOWN_CHAR for p in pieces))


_FORMAT_VERB = re.compile(r"%(%|[-+# 0]*(\d+|\*)?(?:\.(\d+))?([a-zA-Z]))")


@_fn("format")
def _f_format(args: list[V], span: Span) -> V:
    if not args or not args[0].known or not isinstance(args[0].value, str):
        return unknown(span)
    fmt = args[0].value
    rest = args[1:]
    idx = 0
    out: list[str] = []
    partial = False
    pos = 0
    for m in _FORMAT_VERB.finditer(fmt):
        out.append(fmt[pos : m.start()])
        pos = m.end()
        if m.group(1) == "%":
            out.append("%")
            continue
        verb = m.group(4)
        if idx >= len(rest):
            raise EvalError("not enough arguments for format")
        a = rest[idx]
        idx += 1
        if not a.known:
            out.append(UNKNOWN_CHAR)
            partial = True
            continue
        if verb in ("s", "v"):
            s = _template_str(a)
            if s is None:
                if verb == "v":
                    s = json.dumps(plain(a))
                else:
                    raise EvalError("format %s needs a string")
            out.append(s)
        elif verb == "d":
            n = _to_number(a.value)
            if n is None:
                raise EvalError("format %d needs a number")
            out.append(str(int(n)))
        elif verb == "q":
            out.append(json.dumps(_template_str(a)))
        elif verb == "f":
            n = _to_number(a.value)
            if n is None:
                raise EvalError("format %f needs a number")
            out.append(f"{float(n):.{int(m.group(3)) if m.group(3) else 6}f}")
        else:
            return unknown(span)
    out.append(fmt[pos:])
    text = "".join(out)
    return unknown(span, partial=text) if partial else TfV(text, span)


def _map_args(args: list[V]) -> list[V] | None:
    for a in args:
        if not a.known:
            return None
    return args


@_fn("merge")
def _f_merge(args: list[V], span: Span) -> V:
    if _map_args(args) is None:
        return unknown(span)
    out: dict[str, V] = {}
    for a in args:
        if a.value is None:
            continue
        if not isinstance(a.value, dict):
            raise EvalError("merge needs maps")
        out.update(a.value)
    return TfV(out, span)


@_fn("concat")
def _f_concat(args: list[V], span: Span) -> V:
    if _map_args(args) is None:
        return unknown(span)
    out: list[V] = []
    for a in args:
        if not isinstance(a.value, list):
            raise EvalError("concat needs lists")
        out.extend(a.value)
    return TfV(out, span)


@_fn("flatten")
def _f_flatten(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known:
        return unknown(span)
    out: list[V] = []
    visits = [0]

    def walk(v: V, depth: int) -> bool:
        if not v.known:
            return False
        visits[0] += 1
        if depth > MAX_DEPTH or visits[0] > MAX_ITEMS:
            raise EvalError("value is too large")
        if isinstance(v.value, list):
            return all(walk(c, depth + 1) for c in v.value)
        out.append(v)
        return True

    if not isinstance(args[0].value, list):
        raise EvalError("flatten needs a list")
    return TfV(out, span) if walk(args[0], 0) else unknown(span)


@_fn("lookup")
def _f_lookup(args: list[V], span: Span) -> V:
    if len(args) not in (2, 3):
        raise EvalError("lookup needs 2 or 3 arguments")
    m, k = args[0], args[1]
    if not m.known or not k.known:
        return unknown(span)
    if not isinstance(m.value, dict):
        raise EvalError("lookup needs a map")
    key = _template_str(k)
    if key is not None and key in m.value:
        return m.value[key]
    if len(args) == 3:
        return args[2]
    raise EvalError("lookup: no such key")


@_fn("coalesce")
def _f_coalesce(args: list[V], span: Span) -> V:
    for a in args:
        if not a.known:
            return unknown(span, ref=a.ref)
        if a.value is None or a.value == "":
            continue
        return a
    raise EvalError("coalesce: no non-null argument")


@_fn("coalescelist")
def _f_coalescelist(args: list[V], span: Span) -> V:
    for a in args:
        if not a.known:
            return unknown(span)
        if isinstance(a.value, list) and a.value:
            return a
    raise EvalError("coalescelist: no non-empty list")


@_fn("compact")
def _f_compact(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known or not isinstance(args[0].value, list):
        return unknown(span)
    items = args[0].value
    if any(not i.known for i in items):
        return unknown(span)
    return TfV([i for i in items if i.value not in (None, "")], span)


@_fn("distinct")
def _f_distinct(args: list[V], span: Span) -> V:
    if len(args) != 1 or not fully_known(args[0]) or not isinstance(args[0].value, list):
        return unknown(span)
    seen: list[Any] = []
    out = []
    for item, p in zip(args[0].value, plain(args[0]), strict=True):
        if p not in seen:
            seen.append(p)
            out.append(item)
    return TfV(out, span)


@_fn("tostring")
def _f_tostring(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("tostring needs one argument")
    a = args[0]
    if not a.known:
        return unknown(span, ref=a.ref, partial=a.partial)
    if a.value is None:
        return a
    s = _template_str(a)
    if s is None:
        raise EvalError("cannot convert to string")
    return respan(a, a.span) if isinstance(a.value, str) else TfV(s, span)


@_fn("tonumber")
def _f_tonumber(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known:
        return unknown(span)
    if args[0].value is None:
        return args[0]
    n = _to_number(args[0].value)
    if n is None:
        raise EvalError("cannot convert to number")
    return TfV(n, span)


@_fn("tobool")
def _f_tobool(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known:
        return unknown(span)
    if args[0].value is None:
        return args[0]
    b = _as_bool(args[0])
    if b is None:
        raise EvalError("cannot convert to bool")
    return TfV(b, span)


@_fn("tolist", "tomap", "sensitive", "nonsensitive")
def _f_identity(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("one argument expected")
    return args[0]


@_fn("toset")
def _f_toset(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("one argument expected")
    a = args[0]
    if not a.known or not isinstance(a.value, list):
        return a
    if not fully_known(a):
        return unknown(span, ref=a.ref)
    out: dict[str, V] = {}
    rest = []
    for i in a.value:
        if isinstance(i.value, str):
            out.setdefault(i.value, i)
        else:
            rest.append(i)
    if rest:
        return a
    return TfV([out[k] for k in sorted(out)], span)


@_fn("length")
def _f_length(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known:
        return unknown(span)
    v = args[0].value
    if isinstance(v, str | list | dict):
        return TfV(len(v), span)
    raise EvalError("length of a non-collection")


@_fn("contains")
def _f_contains(args: list[V], span: Span) -> V:
    if len(args) != 2 or not fully_known(args[0]) or not fully_known(args[1]):
        return unknown(span)
    if not isinstance(args[0].value, list):
        raise EvalError("contains needs a list")
    want = plain(args[1])
    return TfV(any(_equal(p, want) for p in plain(args[0])), span)


@_fn("element")
def _f_element(args: list[V], span: Span) -> V:
    if len(args) != 2 or not args[0].known or not args[1].known:
        return unknown(span, ref=args[0].ref if args else None)
    lst = args[0].value
    n = _to_number(args[1].value)
    if not isinstance(lst, list) or not lst or n is None:
        raise EvalError("element needs a non-empty list")
    return lst[int(n) % len(lst)]


@_fn("one")
def _f_one(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known:
        return unknown(span, ref=args[0].ref if args else None)
    lst = args[0].value
    if not isinstance(lst, list) or len(lst) > 1:
        raise EvalError("one needs a list of at most one element")
    return lst[0] if lst else TfV(None, span)


@_fn("keys")
def _f_keys(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known or not isinstance(args[0].value, dict):
        return unknown(span)
    return TfV([TfV(k, v.key_span or span) for k, v in sorted(args[0].value.items())], span)


@_fn("values")
def _f_values(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known or not isinstance(args[0].value, dict):
        return unknown(span)
    return TfV([v for _, v in sorted(args[0].value.items())], span)


@_fn("reverse")
def _f_reverse(args: list[V], span: Span) -> V:
    if len(args) != 1 or not args[0].known or not isinstance(args[0].value, list):
        return unknown(span)
    return TfV(list(reversed(args[0].value)), span)


def _minmax(f: Callable[..., Any]) -> Fn:
    def impl(args: list[V], span: Span) -> V:
        nums = [_to_number(a.value) if a.known else None for a in args]
        if not nums or any(n is None for n in nums):
            return unknown(span)
        return TfV(f(nums), span)

    return impl


FUNCTIONS["min"] = _minmax(min)
FUNCTIONS["max"] = _minmax(max)


@_fn("base64encode")
def _f_base64encode(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("base64encode needs one argument")
    a = args[0]
    if not a.known:
        return unknown(span, func="base64encode", origin=a)
    if not isinstance(a.value, str):
        raise EvalError("base64encode needs a string")
    return TfV(base64.b64encode(a.value.encode()).decode(), span, func="base64encode", origin=a)


@_fn("base64gzip")
def _f_base64gzip(args: list[V], span: Span) -> V:
    return unknown(span, func="base64gzip", origin=args[0] if args else None)


@_fn("base64decode")
def _f_base64decode(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("base64decode needs one argument")
    a = args[0]
    if isinstance(a, TfV) and a.func in ("base64encode", "filebase64") and a.origin is not None:
        return a.origin
    if not a.known:
        return unknown(span)
    try:
        return TfV(base64.b64decode(str(a.value), validate=True).decode("utf-8"), span)
    except (ValueError, UnicodeDecodeError):
        raise EvalError("invalid base64") from None


def _json_text(x: Any) -> str:
    text = json.dumps(x, separators=(",", ":"), sort_keys=True, ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


@_fn("jsonencode")
def _f_jsonencode(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("jsonencode needs one argument")
    a = args[0]
    if not fully_known(a):
        return unknown(span, func="jsonencode", origin=a)
    return TfV(_json_text(plain(a)), span, func="jsonencode", origin=a)


def yaml_text(x: Any, indent: int = 0) -> str:
    """YAML the way Terraform's yamlencode writes it (block style, double-quoted strings)."""
    pad = "  " * indent
    if isinstance(x, dict):
        if not x:
            return "{}\n"
        out = []
        for k in sorted(x):
            v = x[k]
            if isinstance(v, dict | list) and v:
                out.append(f"{pad}{json.dumps(k)}:\n{yaml_text(v, indent + 1)}")
            else:
                out.append(f"{pad}{json.dumps(k)}: {yaml_text(v).rstrip()}\n")
        return "".join(out)
    if isinstance(x, list):
        if not x:
            return "[]\n"
        out = []
        for v in x:
            if isinstance(v, dict | list) and v:
                inner = yaml_text(v, indent + 1)
                out.append(f"{pad}- {inner[len(pad) + 2 :]}")
            else:
                out.append(f"{pad}- {yaml_text(v).rstrip()}\n")
        return "".join(out)
    if x is None:
        return "null\n"
    if isinstance(x, bool):
        return ("true" if x else "false") + "\n"
    if isinstance(x, int | float):
        return _num_str(x) + "\n"
    return json.dumps(x, ensure_ascii=False) + "\n"


@_fn("yamlencode")
def _f_yamlencode(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("yamlencode needs one argument")
    a = args[0]
    if not fully_known(a):
        return unknown(span, func="yamlencode", origin=a)
    return TfV(yaml_text(plain(a)), span, func="yamlencode", origin=a)


def from_plain(x: Any, span: Span) -> V:
    if isinstance(x, dict):
        return TfV({str(k): from_plain(v, span) for k, v in x.items()}, span)
    if isinstance(x, list):
        return TfV([from_plain(v, span) for v in x], span)
    return TfV(x, span)


@_fn("jsondecode")
def _f_jsondecode(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("jsondecode needs one argument")
    a = args[0]
    if isinstance(a, TfV) and a.func == "jsonencode" and a.origin is not None:
        return a.origin
    if not a.known or not isinstance(a.value, str):
        return unknown(span)
    try:
        return from_plain(json.loads(a.value), a.span or span)
    except ValueError:
        raise EvalError("invalid JSON") from None


@_fn("yamldecode")
def _f_yamldecode(args: list[V], span: Span) -> V:
    if len(args) != 1:
        raise EvalError("yamldecode needs one argument")
    a = args[0]
    if isinstance(a, TfV) and a.func == "yamlencode" and a.origin is not None:
        return a.origin
    if not a.known or not isinstance(a.value, str):
        return unknown(span)
    from ekslint.load.yaml_docs import YamlLoadError, parse_yaml

    mapped = isinstance(a, TfV) and a.text_line is not None and a.text_file is not None
    try:
        if mapped:
            assert isinstance(a, TfV)
            docs = parse_yaml(a.value, a.text_file or "-", (a.text_line or 1) - 1, a.text_col - 1)
        else:
            docs = parse_yaml(a.value, (a.span or span).file)
    except YamlLoadError:
        raise EvalError("invalid YAML") from None
    if len(docs) != 1:
        raise EvalError("yamldecode needs exactly one document")
    if not mapped:
        return from_plain(docs[0].plain(), a.span or span)
    return docs[0]
