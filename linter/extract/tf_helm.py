"""Terraform ``helm_release`` → Karpenter / aws-auth objects and the Karpenter controller role.

The chart's values are put together the way Helm does: every document of ``values`` in order
(a heredoc, ``yamlencode({...})``, ``file()`` / ``templatefile()``), later documents winning and
maps merged key by key (lists are replaced whole, ``null`` removes a key), then ``set`` /
``set_list`` / ``set_sensitive`` (blocks, or the list attributes of helm provider v3) with
their paths (``a.b``, escaped dots ``a\\.b``, list indexes ``a[0]``). Values keep their positions:
YAML read from a heredoc or template points at its lines, ``yamlencode`` input at its HCL lines.

What is read from the result:

* Kubernetes objects carried in the values (``resources:`` lists of objects and ``templates:``
  lists of YAML strings, as the ``raw`` charts of bedag, itscontained and dysnix take them):
  Karpenter NodePools / EC2NodeClasses and the aws-auth ConfigMap become documents and model
  objects like those of ``kubectl_manifest``;
* the Karpenter chart (``chart = "karpenter"``): ``settings.clusterName`` /
  ``settings.clusterEndpoint`` (also the older ``settings.aws.*``, top-level and ``controller.*`` names) and the IRSA
  role of its service account (``serviceAccount.annotations."eks.amazonaws.com/role-arn"``),
  which is registered as a Karpenter controller role.

Unknown stays unknown: a values document that cannot be read (an unknown expression, a template
that does not parse) hides everything written before it, an unknown ``set`` name or a ``dynamic``
``set`` block hides the whole values, and objects are only read from values known to hold them.
Helm template directives (``{{ ... }}``) inside ``templates:`` strings are unknown parts.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ekslint import documents as kinds
from ekslint.documents import Document, SourceFile
from ekslint.load.hcl_eval import TfV, is_null, unknown
from ekslint.values import UNKNOWN_CHAR, Span, V, known_str, text_of

if TYPE_CHECKING:
    from ekslint.extract.terraform import ModuleReader

RAW_CHARTS = {"raw", "kubernetes-raw"}
OBJECT_LISTS = ("resources", "templates")
ROLE_ANNOTATION = "eks.amazonaws.com/role-arn"
SET_KINDS = ("set", "set_list", "set_sensitive")  # the order the helm provider applies them in
_HELM_DIRECTIVE = re.compile(r"\{\{.*?\}\}")


@dataclass
class HelmRelease:
    """One ``helm_release`` instance and what was read from its values."""

    address: str
    span: Span
    chart: V | None
    repository: V | None
    values: V  # the merged values (unknown when they cannot be known)
    karpenter: bool = False  # the Karpenter controller chart
    cluster_name: V | None = None  # Karpenter settings
    cluster_endpoint: V | None = None
    controller_role: V | None = None  # the service account's IRSA role ARN
    objects: list[V] = field(default_factory=list)  # Karpenter / aws-auth objects found in the values


class _Values:
    """Merged values under construction, with the parsed texts they came from."""

    def __init__(self, span: Span) -> None:
        self.root: V = TfV({}, span)
        self.open: set[int] = set()  # containers created by `set` below values that are unknown
        self.texts: list[TfV] = []  # heredocs / templates the YAML was read from (to restore unknown parts)
        self.files: dict[str, str] = {}  # file display → text, for files read by file() / templatefile()


def read_helm_releases(r: ModuleReader) -> list[HelmRelease]:
    out: list[HelmRelease] = []
    for inst in r.resources("helm_release"):
        chart, repo = inst.get("chart"), inst.get("repository")
        vals = _release_values(r, inst)
        rel = HelmRelease(inst.address, inst.span, chart, repo, vals.root)
        if _is_karpenter_chart(known_str(chart), known_str(repo), repo is not None):
            rel.karpenter = True
            _karpenter_controller(r, rel)
        for i, (obj, sf) in enumerate(_objects(r, vals, known_str(chart))):
            if _add_object(r, obj, sf, i, vals):
                rel.objects.append(obj)
        out.append(rel)
    return out


# ---------------------------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------------------------


def _release_values(r: ModuleReader, inst: object) -> _Values:
    from ekslint.extract.terraform import Inst

    assert isinstance(inst, Inst)
    vals = _Values(inst.span)
    given = inst.raw("values")
    if given is not None and not is_null(given):
        if not given.is_list:
            vals.root = unknown(given.span)
        else:
            for item in given.list():
                vals.root = _merge(vals.root, _values_document(r, item, vals))
    for kind in SET_KINDS:
        if inst.dynamic(kind):
            vals.root = unknown(inst.span)
            return vals
        entries: list[V] = [s.value() for s in inst.sub(kind)]
        attr = inst.raw(kind) if inst.block.attr(kind) is not None else None
        if attr is not None and not is_null(attr):
            if not attr.is_list:
                vals.root = unknown(attr.span)
                return vals
            entries.extend(attr.list())
        for entry in entries:
            name = known_str(entry.get("name")) if entry.is_map else None
            path = _set_path(name) if name is not None else None
            if path is None:
                vals.root = unknown(entry.span)  # which value it sets is not known
                return vals
            value = _set_value(entry, kind)
            vals.root = _apply_set(vals.root, path, value, vals)
    return vals


def _values_document(r: ModuleReader, item: V, vals: _Values) -> V:
    """One element of ``values`` as a positioned tree (unknown when it cannot be read)."""
    from ekslint.extract.terraform import parse_partial_yaml
    from ekslint.load.yaml_docs import YamlLoadError, parse_yaml

    if isinstance(item, TfV) and item.func in ("yamlencode", "jsonencode") and item.origin is not None:
        return item.origin if item.origin.is_map else unknown(item.span)
    text = text_of(item)
    span = item.where()
    if text is None or span is None:
        return unknown(span)
    mapped = isinstance(item, TfV) and item.text_line is not None and item.text_file is not None
    try:
        if mapped:
            assert isinstance(item, TfV) and item.text_file is not None and item.text_line is not None
            docs = parse_partial_yaml(text, item.text_file, item.text_line, item.text_col, None if item.known else item)
        elif item.known:
            docs = [_relocate(d, span) for d in parse_yaml(text, span.file)]
        else:
            return unknown(span)
    except YamlLoadError:
        return unknown(span)
    if len(docs) > 1:
        return unknown(span)
    doc = docs[0] if docs else TfV({}, span)
    if is_null(doc):
        return TfV({}, span)
    if not doc.is_map:
        return unknown(span)
    if mapped:
        assert isinstance(item, TfV)
        vals.texts.append(item)
        if item.text_file is not None and item.text_file not in r.sources:
            vals.files[item.text_file] = text
    return doc


def _relocate(v: V, span: Span) -> V:
    """Every node of a tree read from a string whose lines do not map onto the file → the string's span."""
    stack = [v]
    while stack:
        cur = stack.pop()
        cur.span, cur.key_span = span, None
        if cur.is_map:
            stack.extend(cur.value.values())
        elif cur.is_list:
            stack.extend(cur.value)
    return v


def _merge(base: V, over: V) -> V:
    """Helm's coalescing of two values documents: `over` wins, maps are merged key by key."""
    if not over.known or not over.is_map:
        return unknown(over.span)  # anything written before may be replaced
    if not base.is_map:
        return over
    out = dict(base.value)
    for k, v in over.items():
        if is_null(v):
            out.pop(k, None)
        elif k in out and out[k].is_map and v.is_map:
            out[k] = _merge(out[k], v)
        else:
            out[k] = v
    merged = TfV(out, over.span)
    merged.key_span = over.key_span or base.key_span
    return merged


def _set_path(name: str) -> list[str | int] | None:
    """Helm ``--set`` path: ``a.b``, ``a\\.b`` (a key with a dot), ``a[0]``."""
    steps: list[str | int] = []
    cur = ""
    i = 0
    pending = False  # characters of a key were read
    while i < len(name):
        c = name[i]
        if c == "\\" and i + 1 < len(name):
            cur += name[i + 1]
            pending = True
            i += 2
            continue
        if c == ".":
            if pending:
                steps.append(cur)
            cur, pending = "", False
        elif c == "[":
            j = name.find("]", i)
            if j < 0 or not name[i + 1 : j].isdigit():
                return None
            if pending:
                steps.append(cur)
            cur, pending = "", False
            steps.append(int(name[i + 1 : j]))
            i = j + 1
            continue
        elif c in ",=":
            return None  # several assignments in one name
        else:
            cur += c
            pending = True
        i += 1
    if pending:
        steps.append(cur)
    return steps or None


_INT = re.compile(r"^-?[1-9][0-9]*$|^0$")


def _set_value(entry: V, kind: str) -> V:
    """The value one ``set`` entry writes (typed the way Helm's ``--set`` types it)."""
    raw = entry.get("value")
    span = raw.where() if raw is not None else entry.span
    if raw is None or is_null(raw):
        return TfV(None, span)
    if not raw.known:
        return raw
    if kind == "set_list":
        return raw if raw.is_list else unknown(span)
    if isinstance(raw.value, bool):
        text = "true" if raw.value else "false"
    elif isinstance(raw.value, int | float | str):
        text = raw.value if isinstance(raw.value, str) else str(raw.value)
    else:
        return unknown(span)
    if "," in text or text.startswith("{"):
        return unknown(span, ref=raw.ref)  # several values or a list: not modelled
    if known_str(entry.get("type")) != "string":
        low = text.lower()
        if low in ("true", "false"):
            return _like(raw, low == "true")
        if low == "null":
            return _like(raw, None)
        if _INT.match(text):
            return _like(raw, int(text))
    return _like(raw, text)


def _like(raw: V, value: object) -> V:
    out = TfV(value, raw.span, ref=raw.ref)
    out.key_span = raw.key_span
    return out


def _apply_set(node: V | None, path: list[str | int], value: V, vals: _Values) -> V:
    """`node` with `value` written at `path` (copies along the path; the parsed trees stay as read)."""
    if not path:
        return value
    step, rest = path[0], path[1:]
    opened = node is not None and (not node.known or id(node) in vals.open)
    span = node.span if node is not None and node.known else value.span
    if isinstance(step, str):
        items = dict(node.value) if node is not None and node.is_map else {}
        out = TfV(items, span)
        items[step] = _apply_set(items.get(step), rest, value, vals)
    else:
        seq = list(node.value) if node is not None and node.is_list else []
        while len(seq) <= step:
            seq.append(TfV(None, value.span))
        out = TfV(seq, span)
        seq[step] = _apply_set(seq[step], rest, value, vals)
    if node is not None:
        out.key_span = node.key_span
    if opened:
        vals.open.add(id(out))
    return out


# ---------------------------------------------------------------------------------------------
# The Karpenter chart
# ---------------------------------------------------------------------------------------------


def _is_karpenter_chart(chart: str | None, repo: str | None, repo_given: bool) -> bool:
    if not chart:
        return False
    c = chart.rstrip("/")
    if c.startswith("oci://"):
        return c.rsplit("/", 1)[-1] == "karpenter" and "karpenter" in c[: -len("karpenter")]
    if c.rsplit("/", 1)[-1] != "karpenter":
        return False
    if not repo_given:
        return True
    return repo is None or "karpenter" in repo.lower()


def _first(values: V, *paths: tuple[str, ...]) -> V | None:
    for p in paths:
        v = values.get(*p)
        if v is not None and not is_null(v):
            return v
    return None


def _karpenter_controller(r: ModuleReader, rel: HelmRelease) -> None:
    from ekslint.values import is_placeholder

    values = rel.values
    if not values.is_map:
        return
    rel.cluster_name = _first(values, ("settings", "clusterName"), ("settings", "aws", "clusterName"), ("clusterName",),
                              ("controller", "clusterName"))
    rel.cluster_endpoint = _first(values, ("settings", "clusterEndpoint"), ("settings", "aws", "clusterEndpoint"),
                                  ("clusterEndpoint",), ("controller", "clusterEndpoint"))
    annotations = values.get("serviceAccount", "annotations")
    role = annotations.get(ROLE_ANNOTATION) if annotations is not None else None
    if role is None or is_null(role):
        return
    rel.controller_role = role
    ref = r.role_ref(role)
    if ref is None:
        return
    if ref.role is not None and ref.role.purpose is None:
        ref.role.purpose = "controller"
    name = ref.name
    if name and not is_placeholder(name):
        r.model.controller_roles.setdefault(name, role.where() or rel.span)


# ---------------------------------------------------------------------------------------------
# Objects carried in the values
# ---------------------------------------------------------------------------------------------


def _chart_name(chart: str | None) -> str | None:
    if not chart:
        return None
    last = chart.rstrip("/").rsplit("/", 1)[-1]
    return re.sub(r"-\d+\.\d+\.\d+.*\.tgz$", "", last)


def _objects(r: ModuleReader, vals: _Values, chart: str | None) -> Iterator[tuple[V, SourceFile]]:
    root = vals.root
    if not root.is_map or id(root) in vals.open:
        return
    raw = _chart_name(chart) in RAW_CHARTS
    for key in OBJECT_LISTS:
        lst = root.get(key)
        if lst is None or not lst.is_list or id(lst) in vals.open:
            continue
        for item in lst.list():
            if id(item) in vals.open:
                continue
            if item.is_map and item.str("apiVersion") and item.str("kind"):
                sf = _file_of(r, item, vals)
                if sf is not None:
                    yield item, sf
            elif key == "templates" or raw:
                yield from _template_objects(r, item, vals)


def _file_of(r: ModuleReader, v: V, vals: _Values) -> SourceFile | None:
    span = v.where()
    if span is None:
        return None
    if span.file in r.sources:
        return r.sources[span.file]
    text = vals.files.get(span.file)
    return r._source_file(span.file, text) if text is not None else None


def _source_of(vals: _Values, span: Span) -> TfV | None:
    """The parsed heredoc / template a YAML value at `span` was read from."""
    for t in vals.texts:
        text = text_of(t) or ""
        if t.text_file == span.file and t.text_line is not None and t.text_line <= span.line < t.text_line + text.count("\n") + 1:
            return t
    return None


def _sub_source(outer: TfV | None, text: str, file: str, line: int, col: int) -> TfV:
    """A block scalar of a partial heredoc as a partial text of its own, keeping the references of its unknown parts."""
    refs: tuple[str | None, ...] | None = None
    if outer is not None and outer.partial and outer.unknown_refs and outer.text_line is not None:
        lines = outer.partial.split("\n")
        before = sum(len(x) + 1 for x in lines[: max(line - outer.text_line, 0)])
        refs = outer.unknown_refs[outer.partial.count(UNKNOWN_CHAR, 0, before):]
    return TfV(None, Span(file, line, col), known=False, partial=text, text_file=file, text_line=line, text_col=col,
               unknown_refs=refs)


def _template_objects(r: ModuleReader, item: V, vals: _Values) -> Iterator[tuple[V, SourceFile]]:
    """Objects in a ``templates:`` string (YAML, possibly with Helm directives)."""
    from ekslint.extract.aws_auth import block_scalar_first_line
    from ekslint.extract.terraform import parse_partial_yaml
    from ekslint.load.yaml_docs import YamlLoadError

    text = text_of(item)
    span = item.where()
    if text is None or span is None or "apiVersion" not in text:
        return
    sf = _file_of(r, item, vals)
    if sf is None:
        return
    blanked = _HELM_DIRECTIVE.sub(lambda mt: UNKNOWN_CHAR * len(mt.group(0)), text)
    src: V | None = None
    if isinstance(item, TfV) and item.text_line is not None and item.text_file is not None:
        file, line, col = item.text_file, item.text_line, item.text_col
        if not item.known and blanked == text:
            src = item
    else:
        first, indent = block_scalar_first_line(item, sf.lines)
        if first is None:
            file, line, col = span.file, 0, 0
        else:
            file, line, col = span.file, first, indent + 1
            if UNKNOWN_CHAR in blanked and blanked == text:
                src = _sub_source(_source_of(vals, span), blanked, file, line, col)
    try:
        docs = parse_partial_yaml(blanked, file, line, col, src)
    except YamlLoadError:
        return
    for d in docs:
        if line == 0:
            _relocate(d, span)
        _unknown_placeholders(d)
        if d.is_map and d.str("apiVersion") and d.str("kind"):
            yield d, sf


def _unknown_placeholders(root: V) -> None:
    """Scalars that are nothing but unknown parts (Helm directives) become unknown values."""
    stack = [root]
    while stack:
        cur = stack.pop()
        kids = list(cur.value.items()) if cur.is_map else list(enumerate(cur.value)) if cur.is_list else []
        for k, c in kids:
            if c.known and isinstance(c.value, str) and c.value and not c.value.strip(UNKNOWN_CHAR):
                u = unknown(c.span)
                u.key_span = c.key_span
                cur.value[k] = u
            else:
                stack.append(c)


def _add_object(r: ModuleReader, root: V, sf: SourceFile, index: int, vals: _Values) -> bool:
    """A Karpenter or aws-auth object into documents and the model, as for ``kubectl_manifest``."""
    from ekslint.extract import aws_auth
    from ekslint.load.yaml_docs import classify

    kind, api = classify(root)
    if kind in (kinds.EC2NODECLASS, kinds.NODEPOOL):
        r.add_karpenter_object(Document(sf, kind, root, index, api))
        return True
    if kind != kinds.AWS_AUTH:
        return False
    from ekslint.extract.terraform import SOURCE_TF

    r.documents.append(Document(sf, kind, root, index, api))
    auth = aws_auth.extract_configmap(root, sf.lines, source=SOURCE_TF)
    data = root.get("data")
    if data is not None and any(isinstance(v, TfV) or (v.is_str and UNKNOWN_CHAR in v.value) for _, v in data.items()):
        auth.mappings, auth.problems = [], []
        for key, val in data.items():
            if key not in aws_auth.MAP_KINDS or val.is_list:
                continue
            if isinstance(val, TfV):
                r._auth_key(auth, key, val, SOURCE_TF)
                continue
            first, indent = aws_auth.block_scalar_first_line(val, sf.lines)
            if val.is_str and UNKNOWN_CHAR in val.value and first is not None and val.span is not None:
                sub = _sub_source(_source_of(vals, val.span), val.value, val.span.file, first, indent + 1)
                sub.span = val.span
                r._auth_key(auth, key, sub, SOURCE_TF)
                continue
            maps, probs = aws_auth.mappings_from_string(val, key, SOURCE_TF, first, indent)
            auth.mappings.extend(maps)
            auth.problems.extend((val, msg, where) for where, msg in probs)
    r.add_aws_auth(auth)
    return True
