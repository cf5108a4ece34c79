"""Terraform's JSON syntax (``*.tf.json``: CDKTF output, generated configurations) as `hcl_eval.Body`.

The file is parsed with positions (`ekslint.load.yaml_docs.parse_yaml` reads JSON into a positioned
``V`` tree) and turned into the blocks and attributes a ``.tf`` file gives, following
https://developer.hashicorp.com/terraform/language/syntax/json:

- top-level ``resource`` / ``data`` (type → name → body), ``module`` / ``variable`` / ``output`` /
  ``provider`` (name → body), ``locals`` (a body); at every level an array of objects stands for
  several (``provider`` aliases); ``terraform`` and the other top-level blocks are not read;
- inside a body, a property is a nested block only when its name is a block type of that resource
  (`BLOCK_TYPES`, the blocks the extractor reads), given as an object or an array of objects;
  ``dynamic`` is ``{"dynamic": {"<type>": {"for_each": ..., "content": {...}}}}``; everything else
  is an attribute; ``"//"`` properties of a body are comments;
- attribute values become a `JsonExpr` the evaluator reads (``Evaluator._e_json_value``): strings
  are string templates (``"${var.x}"`` alone yields the value itself), numbers, booleans and null
  are literals, objects and arrays nest; a variable's ``default`` (and its other arguments) is
  plain JSON, never a template.
"""

from __future__ import annotations

from typing import Any

from ekslint.load import hcl_eval as h
from ekslint.values import Span, V

# nested block types, by the type of the block (resource / data type, or nested block name) they sit in
BLOCK_TYPES: dict[str, frozenset[str]] = {k: frozenset(v) for k, v in {
    "aws_eks_cluster": ("vpc_config", "access_config", "kubernetes_network_config", "outpost_config", "encryption_config",
                        "compute_config", "storage_config", "remote_network_config", "upgrade_policy", "zonal_shift_config"),
    "kubernetes_network_config": ("elastic_load_balancing",),
    "storage_config": ("block_storage",),
    "encryption_config": ("provider",),
    "outpost_config": ("control_plane_placement",),
    "remote_network_config": ("remote_node_networks", "remote_pod_networks"),
    "aws_eks_node_group": ("scaling_config", "launch_template", "taint", "remote_access", "update_config", "node_repair_config"),
    "aws_eks_access_policy_association": ("access_scope",),
    "aws_eks_fargate_profile": ("selector",),
    "aws_eks_addon": ("pod_identity_association",),
    "aws_eks_identity_provider_config": ("oidc",),
    "aws_launch_template": ("iam_instance_profile", "metadata_options", "block_device_mappings", "network_interfaces",
                            "tag_specifications", "placement", "monitoring", "instance_market_options", "instance_requirements",
                            "capacity_reservation_specification", "cpu_options", "credit_specification", "enclave_options",
                            "hibernation_options", "maintenance_options", "private_dns_name_options", "license_specification"),
    "block_device_mappings": ("ebs",),
    "instance_market_options": ("spot_options",),
    "aws_instance": ("metadata_options", "root_block_device", "ebs_block_device", "network_interface", "launch_template",
                     "credit_specification", "instance_market_options"),
    "aws_autoscaling_group": ("tag", "launch_template", "mixed_instances_policy", "instance_refresh", "warm_pool",
                              "initial_lifecycle_hook", "instance_maintenance_policy"),
    "mixed_instances_policy": ("launch_template", "instances_distribution"),
    "launch_template": ("launch_template_specification", "override"),
    "override": ("launch_template_specification", "instance_requirements"),
    "aws_iam_policy_document": ("statement",),
    "statement": ("principals", "not_principals", "condition"),
    "aws_iam_role": ("inline_policy",),
    "cloudinit_config": ("part",),
    "template_cloudinit_config": ("part",),
    "helm_release": ("set", "set_list", "set_sensitive", "postrender"),
    "kubernetes_config_map": ("metadata",),
    "kubernetes_config_map_v1": ("metadata",),
    "kubernetes_config_map_v1_data": ("metadata",),
    "provider": ("assume_role", "assume_role_with_web_identity", "default_tags", "ignore_tags", "endpoints", "kubernetes", "exec"),
    "kubernetes": ("exec",),
    "variable": ("validation",),
    "output": ("precondition",),
}.items()}
RESOURCE_BLOCKS = frozenset({"lifecycle", "timeouts", "connection", "provisioner"})
DATA_BLOCKS = frozenset({"filter", "lifecycle", "timeouts"})
# block types with labels, inside a body: name → number of labels
LABELED = {"provisioner": 1}
# top-level block types: name → number of labels (locals: none)
TOP = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1, "locals": 0}


def is_tf_json(name: str) -> bool:
    return name.lower().endswith(".tf.json")


class _Meta:
    __slots__ = ("column", "empty", "end_column", "end_line", "line")

    def __init__(self, span: Span) -> None:
        self.line, self.column = span.line, span.col
        self.end_line, self.end_column = span.end_line, span.end_col + 1  # Lark's end column is exclusive
        self.empty = False


class JsonExpr:
    """A JSON value where Terraform expects an expression: ``kind`` is str | scalar | list | map.

    ``value``: the string, the scalar, a list of `JsonExpr`, or a list of (key, key span, `JsonExpr`).
    ``literal`` strings are not templates (a variable's default)."""

    data = "json_value"
    children: tuple[Any, ...] = ()
    __slots__ = ("kind", "literal", "meta", "value")

    def __init__(self, kind: str, value: Any, span: Span, literal: bool) -> None:
        self.kind, self.value, self.literal = kind, value, literal
        self.meta = _Meta(span)

    def __repr__(self) -> str:
        return f"JsonExpr({self.kind}, {self.value!r})"


def expr_of(v: V, literal: bool = False) -> JsonExpr:
    span = v.span or Span("-", 1)
    if v.is_map:
        return JsonExpr("map", [(k, x.key_span or span, expr_of(x, literal)) for k, x in v.value.items()], span, literal)
    if v.is_list:
        return JsonExpr("list", [expr_of(x, literal) for x in v.value], span, literal)
    if isinstance(v.value, str):
        return JsonExpr("str", v.value, span, literal)
    return JsonExpr("scalar", v.value, span, literal)


# -- the blocks -----------------------------------------------------------------------------------


def body_of_json(text: str, file: str) -> h.Body:
    """The blocks of a ``.tf.json`` file; raises `hcl_eval.HclSyntaxError` when it is not valid JSON."""
    from ekslint.load.yaml_docs import YamlLoadError, parse_yaml

    try:
        roots = parse_yaml(text, file)
    except YamlLoadError as e:
        raise h.HclSyntaxError(str(e).replace("YAML syntax error", "JSON syntax error"), e.line, e.col) from None
    if not roots:
        return h.Body()
    root = roots[0]
    if len(roots) > 1 or not root.is_map:
        span = root.span or Span(file, 1)
        raise h.HclSyntaxError("the root of a Terraform JSON file must be an object", span.line, span.col)
    body = h.Body()
    for kind, v in root.value.items():
        n = TOP.get(kind)
        if n is None:
            continue  # terraform, moved, import, check, comments
        for labels, label_spans, bv, start in _labeled(v, n, [], [], v.key_span):
            btype = labels[0] if kind in ("resource", "data") and labels else kind
            inner = _body(bv, file, _nested(kind, btype), literal_attrs=kind == "variable")
            body.blocks.append(h.Block(kind, labels, inner, _join(start, bv.span, file), file, label_spans))
    return body


def _nested(kind: str, btype: str) -> frozenset[str]:
    base = RESOURCE_BLOCKS if kind == "resource" else DATA_BLOCKS if kind == "data" else frozenset()
    return base | BLOCK_TYPES.get(btype, frozenset())


def _objects(v: V) -> list[V] | None:
    """The objects an object or an array of objects stands for; None for anything else."""
    if v.is_map:
        return [v]
    if v.is_list and all(x.is_map for x in v.value):
        return list(v.value)
    return None


def _labeled(v: V, n: int, labels: list[str], spans: list[Span], start: Span | None) -> list[tuple[list[str], list[Span], V, Span | None]]:
    """(labels, label spans, body, start) of the blocks `v` holds with `n` more labels to read."""
    objs = _objects(v)
    if objs is None:
        return []
    if n == 0:
        return [(labels, spans, o, start if len(objs) == 1 else o.span) for o in objs]
    out: list[tuple[list[str], list[Span], V, Span | None]] = []
    for o in objs:
        for k, x in o.value.items():
            if k == "//":
                continue
            ks = x.key_span or x.span or Span("-", 1)
            out.extend(_labeled(x, n - 1, [*labels, k], [*spans, ks], ks))
    return out


def _join(start: Span | None, end: Span | None, file: str) -> Span:
    if start is None:
        return end or Span(file, 1)
    if end is None:
        return start
    return Span(file, start.line, start.col, end.end_line, end.end_col)


def _body(v: V, file: str, nested: frozenset[str], literal_attrs: bool = False) -> h.Body:
    body = h.Body()
    if not v.is_map:
        return body
    for key, x in v.value.items():
        if key == "//":
            continue
        ks = x.key_span or x.span or Span(file, 1)
        objs = _objects(x)
        if key == "dynamic" and nested and x.is_map:
            for labels, spans, dv, start in _labeled(x, 1, [], [], ks):
                body.blocks.append(h.Block("dynamic", labels, _dynamic_body(dv, file, labels[0]), _join(start, dv.span, file), file, spans))
        elif key in nested and objs is not None:
            inner_nested = BLOCK_TYPES.get(key, frozenset())
            if key in LABELED:
                for labels, spans, bv, start in _labeled(x, LABELED[key], [], [], ks):
                    body.blocks.append(h.Block(key, labels, _body(bv, file, inner_nested), _join(start, bv.span, file), file, spans))
                continue
            for o in objs:
                start = ks if len(objs) == 1 and x.is_map else o.span
                body.blocks.append(h.Block(key, [], _body(o, file, inner_nested), _join(start, o.span, file), file))
        else:
            body.attrs[key] = h.Attr(key, expr_of(x, literal_attrs), _join(ks, x.span, file), ks, file)
    return body


def _dynamic_body(v: V, file: str, type_: str) -> h.Body:
    """A ``dynamic "<type_>"`` block: for_each / iterator / labels, and its ``content`` block."""
    body = _body(v, file, frozenset())
    content = v.value.get("content") if v.is_map else None
    if content is not None and content.is_map:
        body.attrs.pop("content", None)
        ks = content.key_span or content.span
        body.blocks.append(h.Block("content", [], _body(content, file, BLOCK_TYPES.get(type_, frozenset())), _join(ks, content.span, file), file))
    return body


# -- evaluation (called by the evaluator) -------------------------------------------------------


def evaluate(ev: h.Evaluator, node: JsonExpr, names: h.Names) -> V:
    span = ev._span(node)
    if node.kind == "scalar":
        return h.TfV(node.value, span)
    if node.kind == "list":
        return h.TfV([ev._eval(c, names) for c in node.value], span)
    if node.kind == "map":
        out: dict[str, V] = {}
        for key, key_span, c in node.value:
            k = key
            if not node.literal and ("${" in key or "%{" in key):
                kv = _template(ev, JsonExpr("str", key, key_span, False), names, key_span)
                if not kv.known or not isinstance(kv.value, str | int | float | bool):
                    return h.unknown(span)
                k = kv.value if isinstance(kv.value, str) else str(kv.value).lower() if isinstance(kv.value, bool) else h._num_str(kv.value)
            got = ev._eval(c, names)
            val = h.respan(got, got.span or span)
            val.key_span = key_span
            out[k] = val
        return h.TfV(out, span)
    return _template(ev, node, names, span)


def _template(ev: h.Evaluator, node: JsonExpr, names: h.Names, span: Span) -> V:
    text = node.value
    if node.literal:
        return h.TfV(text, span)
    if "${" not in text and "%{" not in text:
        return h.TfV(text, span)
    line, col = node.meta.line, node.meta.column + 1  # the first character after the quote

    def parse_expr(t: str, f: str, ln: int, c: int) -> tuple[Any, int] | None:
        return ev._parse_expr(t, f, line, c)  # a JSON string is one line: its "\n" are escapes

    parts = h.scan_template(text, ev._file, line, col, parse_expr)
    if parts is None:
        return h.unknown(span)
    if len(parts) == 1 and parts[0].kind == "interp":
        p = parts[0]
        v = ev.expr(p.expr, p.file, names, p.shift)
        return h.respan(v, span) if not isinstance(v.value, dict | list) else v
    return ev._render(parts, names, span, None, per_line=False)


def _expr_tree(ev: h.Evaluator, node: JsonExpr) -> Any | None:
    """The expression a reference string names (``"aws.west"``, ``"${aws_iam_role.x}"``)."""
    if node.kind != "str":
        return None
    text = node.value.strip()
    if text.startswith("${") and text.endswith("}") and text.count("${") == 1:
        text = text[2:-1].strip()
    got = ev._parse_expr(text, ev._file, node.meta.line, node.meta.column + 1)
    return got[0] if got is not None else None


def reference(ev: h.Evaluator, node: JsonExpr) -> str | None:
    tree = _expr_tree(ev, node)
    return ev.reference(tree) if tree is not None else None


def references(ev: h.Evaluator, node: JsonExpr) -> list[str]:
    items = node.value if node.kind == "list" else [node]
    return [r for c in items if (r := reference(ev, c))]


def object_reference(ev: h.Evaluator, node: JsonExpr, key: str) -> str | None:
    if node.kind != "map":
        return None
    for k, _, c in node.value:
        if k == key:
            return reference(ev, c)
    return None
