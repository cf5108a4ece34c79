"""aws-auth ConfigMap → RoleMapping entries.

The authenticator parses ``mapRoles`` / ``mapUsers`` with a YAML→JSON conversion: a syntax
error drops the whole key, entry keys are case-insensitive, and top-level keys are not.
The YAML inside the strings is read with positions mapped back to the outer file.
"""

from __future__ import annotations

from ekslint.model import AwsAuth, RoleMapping, RoleRef
from ekslint.values import Span, V

MAP_KINDS = {"mapRoles": "role", "mapUsers": "user", "mapAccounts": "account"}


def _ci(entry: V, key: str) -> V | None:
    for k, v in entry.items():
        if k.lower() == key.lower():
            return v
    return None


def mappings_from_value(items: V, kind: str, source: str) -> list[RoleMapping]:
    """Mappings from an already structured list (a parsed string, or Terraform's yamlencode input)."""
    mkind = MAP_KINDS.get(kind, kind)
    out: list[RoleMapping] = []
    for entry in items.list():
        span = entry.where() or items.where()
        if span is None:
            continue
        if mkind == "account":
            out.append(RoleMapping("account", source, span, arn=entry, entry=entry))
            continue
        if not entry.is_map:
            continue
        arn = _ci(entry, "rolearn" if mkind == "role" else "userarn")
        groups_v = _ci(entry, "groups")
        # A scalar `groups` fails the authenticator's JSON decoding into []string: the entry is
        # kept with no groups at all.
        groups: list[V] | None
        if groups_v is None or not groups_v.known:
            groups = None
        elif groups_v.is_list:
            groups = groups_v.list()
        else:
            groups = []
        m = RoleMapping(mkind, source, span, arn=arn, username=_ci(entry, "username"), groups=groups,
                        groups_value=groups_v, entry=entry)
        if mkind == "role" and arn is not None:
            m.role = RoleRef(arn, is_instance_profile=":instance-profile/" in (arn.str() or ""))
        out.append(m)
    return out


def mappings_from_string(
    value: V, kind: str, source: str, first_line: int | None, col_offset: int = 0
) -> tuple[list[RoleMapping], list[tuple[Span, str]]]:
    """Parse the YAML held in a mapRoles / mapUsers / mapAccounts string.

    `first_line` is the line of the outer file holding the string's first line (None when the
    mapping is not line-for-line, e.g. a quoted string: then every position is the value's).
    """
    from ekslint.load.yaml_docs import YamlLoadError, parse_yaml

    text = value.str()
    span = value.where()
    if text is None or span is None:
        return [], []
    if text.strip() in ("", "``", '""', "''"):
        return [], []
    file = span.file
    try:
        if first_line is None:
            docs = parse_yaml(text, file, 0, 0)
            docs = [_relocate(d, span) for d in docs]
        else:
            docs = parse_yaml(text, file, first_line - 1, col_offset)
    except YamlLoadError as e:
        where = Span(file, e.line, e.col) if first_line is not None else span
        return [], [(where, f"{kind} is not valid YAML ({e}); the authenticator ignores every mapping in it")]
    if not docs:
        return [], []
    root = docs[0]
    if not root.is_list:
        return [], [(root.where() or span, f"{kind} must be a YAML list of mappings; the authenticator ignores it")]
    return mappings_from_value(root, kind, source), []


def _relocate(v: V, span: Span) -> V:
    v.span = span
    v.key_span = None
    if v.is_map:
        for _, c in v.items():
            _relocate(c, span)
    elif v.is_list:
        for c in v.list():
            _relocate(c, span)
    return v


def block_scalar_first_line(value: V, file_lines: list[str]) -> tuple[int | None, int]:
    """For a YAML block scalar (`|`), the file line of its first content line and its indent."""
    if value.span is None or value.quoted is not True:
        return None, 0
    line = value.span.line
    head = file_lines[line - 1] if 0 < line <= len(file_lines) else ""
    tail = head[value.span.col - 1 :].lstrip()
    if not tail.startswith(("|", ">")) or tail.startswith(">"):
        return None, 0
    # first non-empty content line after the indicator
    n = line + 1
    text = value.str() or ""
    if text.startswith("\n"):
        return None, 0
    while n <= len(file_lines) and not file_lines[n - 1].strip():
        n += 1
    if n > len(file_lines):
        return None, 0
    indent = len(file_lines[n - 1]) - len(file_lines[n - 1].lstrip(" "))
    return n, indent


def extract_configmap(root: V, file_lines: list[str], source: str = "aws-auth") -> AwsAuth:
    span = root.where() or Span("-", 1)
    auth = AwsAuth(source, span, name=root.get("metadata", "name"), namespace=root.get("metadata", "namespace"),
                   data=root.get("data"))
    data = root.get("data")
    if data is None or not data.is_map:
        return auth
    for key, val in data.items():
        if key not in MAP_KINDS:
            continue
        if val.is_list:
            # not a string: the ConfigMap is invalid; rules report it from the document
            continue
        first, indent = block_scalar_first_line(val, file_lines)
        maps, probs = mappings_from_string(val, key, source, first, indent)
        auth.mappings.extend(maps)
        auth.problems.extend((val, msg, where) for where, msg in probs)
    return auth
