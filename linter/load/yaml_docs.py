"""YAML (and JSON) into positioned `V` trees, the way Go's YAML reads them.

A node graph (marks on every node) is composed first; ekslint resolves scalars itself with
YAML 1.1 rules as go-yaml v2 (used by eksctl via sigs.k8s.io/yaml and by Kubernetes) does:
``yes/no/on/off/y/n`` are booleans, ``1.30`` is a float. Aliases are expanded with a budget, so
an alias bomb is a load problem rather than a hang.

Two composers build the same graph. The fast one reads libyaml's events (PyYAML's C extension,
about 25 times faster than a pure-Python scanner) and composes them here, without recursion. The
reference one is ruamel.yaml's pure-Python composer (YAML 1.2 syntax). The fast composer moves
marks where the two differ (a stream without a final line break, an empty mapping value) and hands
the text to ruamel.yaml whenever it cannot vouch for the same graph: a syntax error, ``%``
directives, ``?`` keys, the tag ``!`` or unusual tag spellings, a tag after an anchor, an anchor
name libyaml ends early (``&a:``), a tab outside quoted and block scalars, a block scalar header
or first line ruamel.yaml may reject, empty keys and empty nodes in flow collections, ``a: b``
pairs in flow sequences, YAML 1.1 line breaks, a BOM inside the stream, a node or depth limit
reached, a missing C extension. Messages and positions of broken files are therefore always
ruamel.yaml's. ``EKSLINT_YAML_PURE=1`` turns the fast composer off.

CloudFormation's short-form tags (``!Ref X``, ``!Sub ...``, ``!GetAtt ...``) are read as their long
forms (``{"Ref": "X"}``, ``{"Fn::Sub": ...}``), so YAML and JSON templates give the same tree; in
a text that cannot be a template (no ``AWS::`` in it) such tags belong to other tools and their
values are read as written.
"""

from __future__ import annotations

import os
import re
from typing import Any

from ekslint import documents as kinds
from ekslint.documents import Document, LoadProblem, SourceFile
from ekslint.values import Span, V

MAX_NODES = 200_000
MAX_DEPTH = 500

_BOOL_TRUE = {"y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"}
_BOOL_FALSE = {"n", "N", "no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_HEX = re.compile(r"^[-+]?0x[0-9a-fA-F_]+$")
_OCT = re.compile(r"^[-+]?0[0-7_]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9][0-9_]*(\.[0-9_]*)?)([eE][-+]?[0-9]+)?$")

# CloudFormation's short-form tags and the long-form keys they stand for
CFN_SHORT_FORMS = {f"!{n}": (n if n in ("Ref", "Condition") else f"Fn::{n}")
                   for n in ("Ref", "Condition", "Sub", "GetAtt", "Join", "If", "Select", "Base64", "FindInMap",
                             "ImportValue", "Split", "GetAZs", "Equals", "Not", "And", "Or", "Cidr", "Length",
                             "ToJsonString", "Transform")}

MAP_TAG = "tag:yaml.org,2002:map"
SEQ_TAG = "tag:yaml.org,2002:seq"
STR_TAG = "tag:yaml.org,2002:str"


class YamlLoadError(Exception):
    def __init__(self, message: str, line: int, col: int) -> None:
        super().__init__(message)
        self.line = line
        self.col = col


def resolve_plain(text: str) -> Any:
    """Resolve an untagged plain scalar with YAML 1.1 (go-yaml v2) rules."""
    if text in _NULL:
        return None
    if text in _BOOL_TRUE:
        return True
    if text in _BOOL_FALSE:
        return False
    try:
        if _INT.match(text):
            return int(text.replace("_", ""))
        if _HEX.match(text):
            return int(text.replace("_", ""), 16)
        if _OCT.match(text):
            return int(text.replace("_", ""), 8)
        if _FLOAT.match(text) and any(c.isdigit() for c in text):
            return float(text.replace("_", ""))
    except ValueError:
        return text
    if text in (".inf", ".Inf", ".INF", "+.inf"):
        return float("inf")
    return text


class _Converter:
    def __init__(self, file: str, line_offset: int, col_offset: int, short_forms: bool = True) -> None:
        self.file = file
        self.line_offset = line_offset
        self.col_offset = col_offset
        self.budget = MAX_NODES
        self.short_forms = short_forms  # read CloudFormation short forms as long forms

    def span(self, node: Any) -> Span:
        s, e = node.start_mark, node.end_mark
        col_s = s.column + 1 + (self.col_offset if True else 0)
        col_e = max(e.column, 1) + self.col_offset
        end_line = e.line + 1 + self.line_offset
        # a block node's end mark sits at the start of the next line: pull it back
        if e.column == 0 and e.line > s.line:
            end_line -= 1
            col_e = col_s
        return Span(self.file, s.line + 1 + self.line_offset, col_s, end_line, col_e)

    @staticmethod
    def _explicit_tag(node: Any) -> bool:
        """True when the scalar carried an explicit tag in the source (`!!str 1.30`)."""
        if type(node) is _Node:
            return node.explicit
        buf = getattr(node.start_mark, "buffer", None)
        idx = getattr(node.start_mark, "index", None)
        return bool(buf) and idx is not None and buf[idx : idx + 1] == "!"

    def convert(self, node: Any, depth: int = 0, short_forms: bool = True) -> V:
        self.budget -= 1
        if self.budget < 0:
            raise YamlLoadError("document is too large or expands too many aliases", node.start_mark.line + 1, 1)
        if depth > MAX_DEPTH:
            raise YamlLoadError("document is nested too deeply", node.start_mark.line + 1, 1)
        span = self.span(node)
        ident = getattr(node, "id", "")
        fn = CFN_SHORT_FORMS.get(node.tag) if short_forms and self.short_forms and isinstance(node.tag, str) else None
        if fn is not None:
            # CloudFormation short form: `!Ref X` reads as its long form {"Ref": "X"}
            if ident == "scalar":
                inner = V(node.value, span, quoted=getattr(node, "style", None) is not None)
            else:
                inner = self.convert(node, depth, short_forms=False)
            inner.key_span = span
            return V({fn: inner}, span)
        if ident == "mapping":
            out: dict[str, V] = {}
            for k, v in node.value:
                if getattr(k, "id", "") != "scalar":
                    continue  # complex keys never occur in the formats ekslint reads
                key = k.value
                if key == "<<" and getattr(v, "id", "") in ("mapping", "sequence"):
                    merged = [v] if v.id == "mapping" else list(v.value)
                    for m in merged:
                        mv = self.convert(m, depth + 1)
                        for mk, mval in mv.items():
                            out.setdefault(mk, mval)
                    continue
                cv = self.convert(v, depth + 1)
                cv.key_span = self.span(k)
                out[str(key)] = cv
            return V(out, span)
        if ident == "sequence":
            return V([self.convert(x, depth + 1) for x in node.value], span)
        # scalar
        text = node.value
        style = getattr(node, "style", None)
        tag = node.tag
        tag_s = tag if isinstance(tag, str) else getattr(tag, "value", None) or str(tag)
        explicit_str = tag_s == STR_TAG and self._explicit_tag(node)
        if style in ('"', "'", "|", ">") or explicit_str:
            value: Any = text
        else:
            value = resolve_plain(text)
        return V(value, span, quoted=style is not None)


class _Node:
    """A composed node, as the fast composer builds it: what `_Converter` reads of ruamel.yaml's nodes."""

    __slots__ = ("end_mark", "explicit", "id", "start_mark", "style", "tag", "value")

    def __init__(self, ident: str, tag: Any, value: Any, start_mark: Any, end_mark: Any, style: str | None, explicit: bool) -> None:
        self.id = ident
        self.tag = tag
        self.value = value
        self.start_mark = start_mark
        self.end_mark = end_mark
        self.style = style
        self.explicit = explicit


class _Mark:
    __slots__ = ("column", "line")

    def __init__(self, line: int, column: int) -> None:
        self.line = line
        self.column = column


class _NotFast(Exception):
    """The fast composer cannot vouch for this text: compose it with ruamel.yaml."""


def _c_parser() -> Any:
    try:
        import yaml
        from yaml import _yaml
    except ImportError:
        return None
    if not getattr(yaml, "__with_libyaml__", False):
        return None
    return getattr(_yaml, "CParser", None)


# set to False to always compose with ruamel.yaml (tests compare both composers)
FAST = True
_CPARSER: Any = None
_CPARSER_LOOKED = False
# text the two composers may read differently: YAML 1.1 line breaks, a BOM inside the stream,
# `%YAML` / `%TAG` directives, explicit `? ` keys
_NOT_FAST_TEXT = re.compile(r"[\x85\u2028\u2029]|^%|(?:^|[ \t\-{\[,])\?(?:[ \t]|$)", re.MULTILINE)


def _compose_fast(text: str) -> list[Any] | None:
    """The documents' root nodes from libyaml's events; None when PyYAML's C extension is missing."""
    global _CPARSER, _CPARSER_LOOKED
    if not _CPARSER_LOOKED:
        _CPARSER = _c_parser()
        _CPARSER_LOOKED = True
    if _CPARSER is None or not FAST or os.environ.get("EKSLINT_YAML_PURE", "").strip().lower() not in ("", "0", "false", "no"):
        return None
    if _NOT_FAST_TEXT.search(text) or text.find("\ufeff", 1) != -1:
        raise _NotFast
    from yaml.events import (
        AliasEvent,
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
    )

    get = _CPARSER(text).get_event
    # libyaml ends a stream that lacks a final line break on a virtual one (next line, column 0),
    # ruamel.yaml where the text ends: marks there are moved back to the end of the text
    eof_line = -1
    eof_mark: Any = None
    if text and text[-1] not in "\n\r":
        last = max(text.rfind("\n"), text.rfind("\r"))
        breaks = text.count("\n") + text.count("\r") - text.count("\r\n")
        col = len(text) - last - 1 - (1 if last == -1 and text[0] == "\ufeff" else 0)
        eof_line, eof_mark = breaks + 1, _Mark(breaks, col)
        if text.startswith(("---", "..."), last + 1):
            raise _NotFast  # a document marker without a line break after it
    docs: list[Any] = []
    anchors: dict[str, _Node] = {}
    # open collections: [node, is_mapping, pending key, flow style]
    stack: list[list[Any]] = []
    # an empty value in a block mapping (`name:` and nothing): ruamel.yaml marks it where the
    # next key (or the end of the mapping) starts, libyaml right after the colon
    empty: _Node | None = None
    count = 0
    # ruamel.yaml takes a tab only inside a quoted or block scalar (or a comment): libyaml takes more
    tabs = "\t" in text
    shift = 1 if text[:1] == "\ufeff" else 0  # libyaml's indexes do not count a leading BOM
    verbatim: list[tuple[int, int]] = []  # index ranges of the quoted and block scalars
    while True:
        ev = get()
        cls = type(ev)
        if empty is not None:
            if cls is SequenceEndEvent or cls is DocumentStartEvent or cls is DocumentEndEvent:
                raise _NotFast
            mark = ev.start_mark
            if eof_mark is not None and mark.line == eof_line and mark.column == 0:
                mark = eof_mark
            empty.start_mark = empty.end_mark = mark
            empty = None
        if cls is ScalarEvent:
            count += 1
            tag = ev.tag
            anchor = ev.anchor
            if tag is not None:
                _check_tag(text, ev, shift)
            style = ev.style or None
            if style is not None:
                if style == "|" or style == ">":
                    if not stack:
                        raise _NotFast  # a document that is a block scalar: its lines at column 0 read differently
                    _check_block_header(text, ev, shift)
                if tabs:
                    if anchor is not None or tag is not None:
                        raise _NotFast
                    verbatim.append((ev.start_mark.index, ev.end_mark.index))
            node = _Node("scalar", tag, ev.value, ev.start_mark, ev.end_mark, style, tag == STR_TAG)
            if eof_mark is not None:
                if node.end_mark.line == eof_line and node.end_mark.column == 0:
                    node.end_mark = eof_mark
                if node.start_mark.line == eof_line and node.start_mark.column == 0:
                    node.start_mark = eof_mark
            if anchor is not None:
                _check_anchor(text, ev, shift, "&")
                anchors[anchor] = node
            if style is None and not ev.value and stack:
                top = stack[-1]
                if top[3] or (top[1] and top[2] is None):
                    raise _NotFast  # an empty key, or an empty node in a flow collection
                if top[1] and anchor is None and tag is None:
                    empty = node
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            count += 1
            tag = ev.tag
            if tag is not None:
                _check_tag(text, ev, shift)
            node = _Node("mapping" if cls is MappingStartEvent else "sequence", tag, [], ev.start_mark, None, None, False)
            if ev.anchor is not None:
                _check_anchor(text, ev, shift, "&")
                anchors[ev.anchor] = node
            if len(stack) + 1 > MAX_DEPTH or count > MAX_NODES:
                raise _NotFast
            if ev.flow_style and cls is MappingStartEvent and text[ev.start_mark.index + shift : ev.start_mark.index + shift + 1] != "{":
                raise _NotFast  # a `key: value` pair in a flow sequence: YAML 1.2 reads `'a':b` there differently
            stack.append([node, cls is MappingStartEvent, None, ev.flow_style])
            continue
        elif cls is AliasEvent:
            count += 1
            node = anchors.get(ev.anchor)  # type: ignore[assignment]
            if node is None:
                raise _NotFast  # undefined alias
            _check_anchor(text, ev, shift, "*")
        elif cls is DocumentStartEvent:
            anchors = {}
            continue
        elif cls is StreamEndEvent:
            if tabs:
                _check_tabs(text, verbatim, shift)
            return docs
        elif cls is SequenceEndEvent or cls is MappingEndEvent:
            node = stack.pop()[0]
            node.end_mark = ev.end_mark
            if eof_mark is not None and node.end_mark.line == eof_line and node.end_mark.column == 0:
                node.end_mark = eof_mark
        else:  # stream start, document end
            continue
        if count > MAX_NODES or len(stack) + 1 > MAX_DEPTH:
            raise _NotFast
        if not stack:
            docs.append(node)
            continue
        top = stack[-1]
        if not top[1]:
            top[0].value.append(node)
        elif top[2] is None:
            top[2] = node
        else:
            top[0].value.append((top[2], node))
            top[2] = None


_TAG_SOURCE = re.compile(r"!!?[A-Za-z][A-Za-z0-9_.-]*(?=[ \r\n]|\Z)")
_BLOCK_HEADER = re.compile(r"[|>](?:[1-9][-+]?|[-+][1-9]?)?(?: +#[^\r\n]*| *)(?:\r\n?|\n|\Z)")
_BLANK_LINE = re.compile(r" +(?:\r|\n|\Z)")


def _check_tag(text: str, ev: Any, shift: int) -> None:
    """Raise _NotFast unless the node's tag is a plain `!name` / `!!name` written before any anchor.

    ruamel.yaml resolves the non-specific tag `!` itself, reads tag characters more strictly than
    libyaml, and `_explicit_tag` looks at the node's first character.
    """
    if ev.anchor is not None or not _TAG_SOURCE.match(text, ev.start_mark.index + shift):
        raise _NotFast


def _check_anchor(text: str, ev: Any, shift: int, indicator: str) -> None:
    """Raise _NotFast unless the anchor (alias) name ends where ruamel.yaml ends it too.

    libyaml reads `&name` as letters, digits, `-` and `_`; ruamel.yaml (YAML 1.2) goes on up to a
    space or a flow indicator, so `&a:` is the anchor `a:` there.
    """
    pos = ev.start_mark.index + shift
    end = pos + 1 + len(ev.anchor)
    if text[pos : pos + 1] != indicator or (end < len(text) and text[end] not in " \t\r\n,[]{}"):
        raise _NotFast


def _check_block_header(text: str, ev: Any, shift: int) -> None:
    """Raise _NotFast for a block scalar header or first line that ruamel.yaml may reject.

    ruamel.yaml wants spaces (no tab) before a header comment, and rejects a block scalar whose
    first line is blank but for spaces when a later leading line is indented deeper.
    """
    if ev.anchor is not None or ev.tag is not None:
        raise _NotFast
    m = _BLOCK_HEADER.match(text, ev.start_mark.index + shift)
    if m is None or _BLANK_LINE.match(text, m.end()):
        raise _NotFast


def _check_tabs(text: str, verbatim: list[tuple[int, int]], shift: int) -> None:
    """Raise _NotFast unless every tab of the text lies inside a quoted or block scalar."""
    verbatim.sort()
    i = 0
    pos = text.find("\t")
    while pos != -1:
        at = pos - shift
        while i < len(verbatim) and verbatim[i][1] <= at:
            i += 1
        if i == len(verbatim) or not verbatim[i][0] <= at:
            raise _NotFast
        pos = text.find("\t", pos + 1)


def _make_yaml() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.composer import Composer

    class _BoundedComposer(Composer):  # type: ignore[misc]
        """Stops composing a stream of more than MAX_NODES nodes (a file of tens of MB is not EKS config)."""

        nodes = 0

        def compose_node(self, parent: Any, index: Any) -> Any:
            self.nodes += 1
            if self.nodes > MAX_NODES:
                mark = self.parser.peek_event().start_mark
                raise YamlLoadError("document is too large or expands too many aliases", mark.line + 1, 1)
            return super().compose_node(parent, index)

    y = YAML(typ="safe", pure=True)
    y.Composer = _BoundedComposer
    y.max_depth = MAX_DEPTH
    return y


def _may_be_cloudformation(text: str) -> bool:
    """Short forms are CloudFormation's only in a text that can be a template (`is_cloudformation`
    needs `AWSTemplateFormatVersion` or a resource type `AWS::...`); elsewhere a tag such as `!Ref`
    belongs to another tool and the value is read as written."""
    return "AWS::" in text or "AWSTemplateFormatVersion" in text


def parse_yaml(text: str, file: str, line_offset: int = 0, col_offset: int = 0) -> list[V]:
    """Parse a YAML stream into positioned documents. Raises YamlLoadError with a position."""
    try:
        roots = _compose_fast(text)
        if roots is not None:
            conv = _Converter(file, line_offset, col_offset, _may_be_cloudformation(text))
            return [conv.convert(node) for node in roots]
    except Exception:  # a syntax error, or anything the fast composer does not vouch for
        pass
    return _parse_yaml_ruamel(text, file, line_offset, col_offset)


def _parse_yaml_ruamel(text: str, file: str, line_offset: int = 0, col_offset: int = 0) -> list[V]:
    from ruamel.yaml.composer import MaxDepthExceededError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    y = _make_yaml()
    conv = _Converter(file, line_offset, col_offset, _may_be_cloudformation(text))
    docs: list[V] = []
    try:
        for node in y.compose_all(text):
            if node is None:
                continue
            docs.append(conv.convert(node))
    except MaxDepthExceededError as e:
        mark = e.problem_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlLoadError("document is nested too deeply", line, 1) from None
    except MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        col = (mark.column + 1 if mark else 1) + col_offset
        msg = (e.problem or e.context or "invalid YAML").strip()
        raise YamlLoadError(f"YAML syntax error: {msg}", line, col) from None
    except YAMLError as e:
        raise YamlLoadError(f"YAML error: {str(e).splitlines()[0] if str(e) else 'invalid YAML'}", 1 + line_offset, 1) from None
    except RecursionError:
        raise YamlLoadError("document is nested too deeply", 1 + line_offset, 1) from None
    return docs


EKS_MARKERS = ("eksctl.io/", "karpenter.sh/", "karpenter.k8s.aws/", "node.eks.aws/", "mapRoles", "mapUsers", "aws-auth",
               "AWS::EKS::")


def looks_like_eks(text: str) -> bool:
    return any(m in text for m in EKS_MARKERS)


def is_cloudformation(root: V) -> bool:
    """A CloudFormation template: `AWSTemplateFormatVersion`, or `Resources` whose values have `Type: AWS::...`."""
    if root.get("AWSTemplateFormatVersion") is not None:
        return True
    res = root.get("Resources")
    return res is not None and any((r.str("Type") or "").startswith("AWS::") for _, r in res.items())


def classify(root: V) -> tuple[str, str | None]:
    """The document kind of a parsed YAML document, and its apiVersion."""
    if not root.is_map:
        return kinds.OTHER, None
    if is_cloudformation(root):
        return kinds.CLOUDFORMATION, None
    api = root.str("apiVersion")
    kind = root.str("kind")
    if api and kind:
        group = api.split("/", 1)[0]
        if group == "eksctl.io" and kind == "ClusterConfig":
            return kinds.EKSCTL, api
        if group == "karpenter.sh" and kind == "NodePool":
            return kinds.NODEPOOL, api
        if group == "karpenter.k8s.aws" and kind == "EC2NodeClass":
            return kinds.EC2NODECLASS, api
        if group == "node.eks.aws" and kind == "NodeConfig":
            return kinds.NODECONFIG, api
    if kind in ("ConfigMap", None):
        data = root.get("data")
        name = root.str("metadata", "name")
        keys = {k.lower() for k, _ in data.items()} if data is not None else set()
        if (kind == "ConfigMap" and name == "aws-auth") or keys & {"maproles", "mapusers", "mapaccounts"}:
            return kinds.AWS_AUTH, api
    return kinds.OTHER, api


_CFN_TWO_TAGS = re.compile(r"!(" + "|".join(t[1:] for t in CFN_SHORT_FORMS) + r")\s+!(" + "|".join(t[1:] for t in CFN_SHORT_FORMS) + r")\b")


def _cfn_hint(text: str, line: int) -> str | None:
    """The message for two CloudFormation short forms in a row (`!Base64 !Sub`), which YAML refuses."""
    lines = text.split("\n")
    mt = _CFN_TWO_TAGS.search(lines[line - 1]) if 0 < line <= len(lines) else None
    if mt is None:
        return None
    first = CFN_SHORT_FORMS["!" + mt.group(1)]
    return (f"YAML syntax error: two CloudFormation short forms in a row (`!{mt.group(1)} !{mt.group(2)}`) are not valid "
            f"YAML; write the outer one in its long form (`{first}: !{mt.group(2)} ...`)")


def _is_helm_template(text: str) -> bool:
    return "{{" in text and ("{{-" in text or "{{ ." in text or "{{ include" in text or "{{ .Values" in text or "{{ if" in text)


def _is_terraform_template(sf: SourceFile, text: str) -> bool:
    return sf.path.suffix.lower() in (".tpl", ".tftpl") or "%{" in text


def load_text_file(sf: SourceFile, kind_by_name: str) -> tuple[list[Document], list[LoadProblem]]:
    """Load one non-Terraform file: YAML/JSON documents, or user data (MIME / shell)."""
    from ekslint.extract.userdata import looks_like_user_data

    text = sf.text
    if kind_by_name == "text" or looks_like_user_data(text):
        if looks_like_user_data(text):
            return [Document(sf, kinds.USERDATA, V(text, Span(sf.display, 1)))], []
        if "apiVersion:" not in text and "mapRoles" not in text and "AWSTemplateFormatVersion" not in text:
            return [], []
    try:
        roots = parse_yaml(text, sf.display)
    except YamlLoadError as e:
        if not looks_like_eks(text):
            return [], []  # not an EKS file: not ekslint's business
        if _is_terraform_template(sf, text):
            return [], []  # rendered by templatefile(); checked where Terraform reads it
        if kind_by_name == "text" and (sf.path.suffix.lower() in (".sh", ".ps1") or text.startswith("#!")):
            return [], []  # a script that writes manifests (kubectl apply with a heredoc) is not YAML
        if _is_helm_template(text):
            return [], [LoadProblem(Span(sf.display, e.line, e.col), "file contains template directives ({{ }}) and is not valid YAML as written; render it first to check it", "EKS001", "note")]
        return [], [LoadProblem(Span(sf.display, e.line, e.col), _cfn_hint(text, e.line) or str(e))]
    out: list[Document] = []
    for i, root in enumerate(roots):
        kind, api = classify(root)
        out.append(Document(sf, kind, root, i, api))
    return out, []
