"""User data rendered from Terraform templates: the text to read, and where its lines came from.

A ``templatefile()`` template or a heredoc is rendered before it is read as user data. When
``%{ if }`` / ``%{ for }`` directives drop or repeat lines, or an interpolated value spans
several lines, the rendered lines no longer match the template's lines one-to-one: the
evaluator then records a `TextMap`, and every position read from the rendered text is moved
back to the template line that produced it. A line no single template line produced (the
inside of a multi-line value) points at the expression that rendered the template instead.

A ``%{ if }`` whose condition (or ``%{ for }`` whose collection) is unknown stands for text that
may or may not be there. Written on lines of its own, the block is left out of the text read
as YAML, so the lines around it keep their structure; its template text is kept
(`NodeBootstrap.hidden_text`) so rules do not call a key missing that the block may write.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ekslint import documents as kinds
from ekslint.documents import Document
from ekslint.extract.span_walk import move_bootstrap
from ekslint.load.hcl_eval import TextMap, TfV, unknown
from ekslint.model import Model, NodeBootstrap
from ekslint.values import UNKNOWN_CHAR, Span, V

BOOTSTRAP_SH = "/etc/eks/bootstrap.sh"
STANDALONE_SOURCES = ("nodeconfig", "userdata")  # bootstraps read from a file on its own


def prepare(text: str, value: V) -> tuple[str, V]:
    """The text to read as user data and the value to restore unknown parts from.

    Unknown directive blocks on lines of their own are left out, except inside a shell command
    continued with a backslash: there the block stays one unknown word, so the call stays opaque."""
    tmap = value.text_map if isinstance(value, TfV) else None
    if tmap is None or not tmap.hidden or value.partial is None or len(text) != len(value.partial):
        return text, value
    drop: set[int] = set()
    for o in tmap.hidden:  # in order: several blocks in a row on lines of their own
        if o >= len(text) or text[o] != UNKNOWN_CHAR:
            continue
        if o == 0 or o - 1 in drop:
            drop.add(o)
        elif text[o - 1] == "\n" and not (BOOTSTRAP_SH in text and text[:o - 1].rstrip(" \t").endswith("\\")):
            drop.add(o)  # not inside a continued shell command, where it stays an unknown word
    if not drop:
        return text, value
    refs = list(value.unknown_refs or ())
    keep_refs: list[str | None] = []
    k = 0
    chars: list[str] = []
    for i, c in enumerate(text):
        if c == UNKNOWN_CHAR:
            if i not in drop and k < len(refs):
                keep_refs.append(refs[k])
            k += 1
        if i not in drop:
            chars.append(c)
    new = "".join(chars)
    out = TfV(None, value.span, known=False, ref=value.ref, partial=new, text_file=value.text_file,
              text_line=value.text_line, text_col=value.text_col, unknown_refs=tuple(keep_refs), text_map=tmap)
    return new, out


def hidden_text(value: V) -> str:
    tmap = value.text_map if isinstance(value, TfV) else None
    return tmap.hidden_text if tmap is not None else ""


def remap(boot: NodeBootstrap, value: V, fallback: Span | None) -> None:
    """Move every position of `boot` (read from the rendered text) to the template's lines (in place)."""
    tmap = value.text_map if isinstance(value, TfV) else None
    if tmap is None or not isinstance(value, TfV) or value.text_line is None or value.text_file is None:
        return
    first = value.text_line
    move_bootstrap(boot, value.text_file, lambda s: _move(s, tmap, first, fallback))


def pin(boot: NodeBootstrap, fallback: Span) -> None:
    """Put every position of `boot` on `fallback`: user data text whose lines are not a file's
    lines (a quoted string with `\\n`, a function of a template such as `trimspace(...)`)."""
    move_bootstrap(boot, fallback.file, lambda s: fallback)


def _move(s: Span, tmap: TextMap, first: int, fallback: Span | None) -> Span:
    i = s.line - first
    line = tmap.lines[i] if 0 <= i < len(tmap.lines) else None
    end_i = s.end_line - first
    end = tmap.lines[end_i] if 0 <= end_i < len(tmap.lines) else None
    if line is None:
        return fallback or s
    if end is None or end < line:
        return dataclasses.replace(s, line=line, end_line=line, end_col=s.col)
    return dataclasses.replace(s, line=line, end_line=end)


def drop_standalone(model: Model, documents: list[Document]) -> list[Document]:
    """Leave out the standalone reading of files Terraform reads as user data.

    A template is read through the expressions that render it: on its own its `${...}`
    placeholders are not values, and what it means depends on the node group that uses it. The
    documents (NodeConfig, user data) read from such a file and the bootstraps built from them
    are dropped; the file itself stays checked (suppression comments, file counts).
    """
    consumed = model.user_data_files
    model.bootstraps = [b for b in model.bootstraps
                        if not (b.source in STANDALONE_SOURCES and b.span.file in consumed)]
    return [d for d in documents
            if not (d.file.display in consumed and d.kind in (kinds.NODECONFIG, kinds.USERDATA, kinds.OTHER))]


# what terraform-aws-eks's user-data submodule gives a `user_data_template_path` template
# (modules/_user_data, v19 to v21): the cluster's details, then the group's own inputs
_MODULE_CLUSTER_VARS = ("cluster_name", "cluster_endpoint", "cluster_auth_base64", "cluster_service_cidr",
                        "cluster_service_ipv4_cidr", "cluster_ip_family", "cluster_dns_ip")
_MODULE_GROUP_VARS = {"bootstrap_extra_args": "", "pre_bootstrap_user_data": "", "post_bootstrap_user_data": "",
                      "enable_bootstrap_user_data": False}


def module_template_vars(get: Callable[[str], V | None], address: str, span: Span) -> dict[str, V]:
    names: dict[str, V] = {k: unknown(span, ref=f"{address}.{k}") for k in _MODULE_CLUSTER_VARS}
    for k, default in _MODULE_GROUP_VARS.items():
        names[k] = get(k) or TfV(default, span)
    return names
