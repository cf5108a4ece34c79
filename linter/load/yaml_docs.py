"""YAML (and JSON) into positioned `V` trees, the way Go's YAML reads them.

ruamel.yaml composes the node graph (marks on every node); ekslint resolves scalars itself with
YAML 1.1 rules as go-yaml v2 (used by eksctl via sigs.k8s.io/yaml and by Kubernetes) does:
``yes/no/on/off/y/n`` are booleans, ``1.30`` is a float. Aliases are expanded with a budget, so
an alias bomb is a load problem rather than a hang.
"""

from __future__ import annotations

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
    def __init__(self, file: str, line_offset: int, col_offset: int) -> None:
        self.file = file
        self.line_offset = line_offset
        self.col_offset = col_offset
        self.budget = MAX_NODES

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
        buf = getattr(node.start_mark, "buffer", None)
        idx = getattr(node.start_mark, "index", None)
        return bool(buf) and idx is not None and buf[idx : idx + 1] == "!"

    def convert(self, node: Any, depth: int = 0) -> V:
        self.budget -= 1
        if self.budget < 0:
            raise YamlLoadError("document is too large or expands too many aliases", node.start_mark.line + 1, 1)
        if depth > MAX_DEPTH:
            raise YamlLoadError("document is nested too deeply", node.start_mark.line + 1, 1)
        span = self.span(node)
        ident = getattr(node, "id", "")
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


def parse_yaml(text: str, file: str, line_offset: int = 0, col_offset: int = 0) -> list[V]:
    """Parse a YAML stream into positioned documents. Raises YamlLoadError with a position."""
    from ruamel.yaml.composer import MaxDepthExceededError
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    y = _make_yaml()
    conv = _Converter(file, line_offset, col_offset)
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


EKS_MARKERS = ("eksctl.io/", "karpenter.sh/", "karpenter.k8s.aws/", "node.eks.aws/", "mapRoles", "mapUsers", "aws-auth")


def looks_like_eks(text: str) -> bool:
    return any(m in text for m in EKS_MARKERS)


def classify(root: V) -> tuple[str, str | None]:
    """The document kind of a parsed YAML document, and its apiVersion."""
    if not root.is_map:
        return kinds.OTHER, None
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
        if "apiVersion:" not in text and "mapRoles" not in text:
            return [], []
    try:
        roots = parse_yaml(text, sf.display)
    except YamlLoadError as e:
        if not looks_like_eks(text):
            return [], []  # not an EKS file: not ekslint's business
        if _is_terraform_template(sf, text):
            return [], []  # rendered by templatefile(); checked where Terraform reads it
        if _is_helm_template(text):
            return [], [LoadProblem(Span(sf.display, e.line, e.col), "file contains template directives ({{ }}) and is not valid YAML as written; render it first to check it", "EKS001", "note")]
        return [], [LoadProblem(Span(sf.display, e.line, e.col), str(e))]
    out: list[Document] = []
    for i, root in enumerate(roots):
        kind, api = classify(root)
        out.append(Document(sf, kind, root, i, api))
    return out, []
