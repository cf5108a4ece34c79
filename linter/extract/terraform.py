"""Terraform → the EKS model.

Every directory of ``.tf`` files is one module. Its blocks are read with
`ekslint.load.hcl_eval` (parse + partial evaluation) and turned into model objects:

* AWS-provider resources (source ``terraform``): ``aws_eks_cluster``, ``aws_eks_node_group``,
  ``aws_launch_template`` / ``aws_launch_configuration`` used by ``aws_autoscaling_group`` or
  ``aws_instance`` (self-managed nodes), ``aws_iam_role`` / ``aws_iam_instance_profile``,
  ``aws_eks_access_entry`` / ``aws_eks_access_policy_association``, ``aws_eks_pod_identity_association``;
* the aws-auth ConfigMap written with ``kubernetes_config_map(_v1)(_data)``, and Karpenter /
  aws-auth manifests inside ``kubectl_manifest`` / ``kubernetes_manifest``;
* ``helm_release`` values (`ekslint.extract.tf_helm`): Karpenter / aws-auth objects of ``raw``
  charts (``resources:`` / ``templates:``) and the Karpenter chart's controller IRSA role;
* ``terraform-aws-modules/eks/aws`` (source ``tf-module-eks``; v19, v20, v21 input names) and its
  ``modules/karpenter`` (``tf-module-karpenter``) and ``modules/aws-auth`` submodules, with the
  objects these modules create implicitly (node roles, self-managed and Karpenter access entries).

What is not known stays unknown. In particular:

* ``count`` / ``for_each`` are expanded when known (up to a limit); a resource whose ``count`` is
  known to be 0 is skipped; with an unknown ``count`` / ``for_each`` the block is read once with
  ``count.index`` / ``each.*`` unknown.
* Variables take their default, then ``terraform.tfvars``, then ``*.auto.tfvars`` (in name order).
  A variable also set in another ``.tfvars`` file of the same directory (a ``-var-file``), or
  passed in by a module block of the scanned tree that calls this directory, is unknown.
* A registry module without a ``version`` has an unknown major version; its inputs are then
  read by the names that are present, and defaults that differ between majors are not assumed.
* Local modules (``source = "./..."``, ``"../..."``) whose directory is part of the scanned tree are
  read once per instance of the call, with the call's arguments as their variables and the call's
  provider (``providers = { aws = aws.west }``, else the caller's default ``aws``); what they
  create is marked with the call (see `ekslint.extract.tf_modules`). Outputs of such a module are
  known to the caller where the module knows them, and a role it creates resolves through them.
  A directory that only serves as a local module is not read on its own as well; one whose calls
  cannot be followed (a cycle, nesting deeper than 8) is read on its own with the inputs its
  callers set unknown. A ``source`` outside the scanned tree is not followed.
"""

from __future__ import annotations

import json
import math
import os
import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ekslint import documents as kinds
from ekslint import model as m
from ekslint.documents import Document, LoadProblem, SourceFile
from ekslint.extract import tf_modules as tm
from ekslint.extract import tf_userdata
from ekslint.extract.terragrunt import instantiate as instantiate_terragrunt
from ekslint.extract.terragrunt import read_units as terragrunt_units
from ekslint.load import hcl_eval as h
from ekslint.load.hcl_eval import Attr, Block, Evaluator, ModuleEnv, TfV, is_null, unknown
from ekslint.load.hcl_json import body_of_json, is_tf_json
from ekslint.model import (
    AccessEntry,
    AccessPolicy,
    AwsAuth,
    Cluster,
    IamRole,
    Model,
    NodeBootstrap,
    NodeGroup,
    RoleRef,
    UserDataPart,
)
from ekslint.values import UNKNOWN_CHAR, Span, V, known_bool, known_str, text_of

SOURCE_TF = "terraform"
SOURCE_EKS = "tf-module-eks"
SOURCE_KARPENTER = "tf-module-karpenter"

EKS_MODULE_SOURCES = ("terraform-aws-modules/eks/aws", "terraform-aws-modules/terraform-aws-eks")
META_ARGS = {"source", "version", "count", "for_each", "providers", "depends_on"}
CONFIG_MAP_TYPES = ("kubernetes_config_map", "kubernetes_config_map_v1", "kubernetes_config_map_v1_data")
MANIFEST_TYPES = ("kubectl_manifest", "kubernetes_manifest")
NODECONFIG_MEDIA_TYPE = "application/node.eks.aws"
# YAML parsers refuse U+FFFF (`UNKNOWN_CHAR`); partial texts are parsed with this stand-in instead
STAND_IN = "\U0010fffd"

_ROLE_REF = re.compile(r"^aws_iam_role\.([A-Za-z0-9_-]+)((?:\[[^\]]*\])?)\.(arn|name|id|unique_id)$")
_PROFILE_REF = re.compile(r"^(?:data\.)?aws_iam_instance_profile\.([A-Za-z0-9_-]+)((?:\[[^\]]*\])?)\.")
_LT_REF = re.compile(r"^(aws_launch_template|aws_launch_configuration)\.([A-Za-z0-9_-]+)((?:\[[^\]]*\])?)\.")


def ami_family_of_type(ami_type: str | None) -> str | None:
    """Normalised AMI family of an EKS ``amiType`` / Terraform ``ami_type``."""
    if not ami_type:
        return None
    t = ami_type.upper()
    if t.startswith("AL2023_"):
        return m.AL2023
    if t.startswith("AL2_"):
        return m.AL2
    if t.startswith("BOTTLEROCKET_"):
        return m.BOTTLEROCKET
    if t.startswith("WINDOWS_"):
        return m.WINDOWS
    if t == "CUSTOM":
        return m.CUSTOM
    return None


def _ami_family_of_name(text: str | None) -> str | None:
    """Family of an EKS-optimized AMI named by an SSM parameter path or an AMI name filter."""
    if not text:
        return None
    t = text.lower()
    if "amazon-linux-2023" in t or "amazon-eks-node-al2023" in t:
        return m.AL2023
    if "/amazon-linux-2/" in t or "/amazon-linux-2-" in t or re.search(r"amazon-eks-(gpu-|arm64-)?node-1\.\d+", t):
        return m.AL2
    if "bottlerocket" in t:
        return m.BOTTLEROCKET
    if "ami-windows-latest" in t or "windows_server" in t:
        return m.WINDOWS
    return None


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def _dir_of(display: str) -> str:
    return posixpath.dirname(display) or "."


def extract_terraform(
    tf_files: list[SourceFile],
    tfvars: list[SourceFile],
    trees: dict[str, object] | None = None,
    var_files: list[Path] | None = None,
    terragrunt: list[SourceFile] | None = None,
) -> tuple[Model, list[Document], list[LoadProblem]]:
    """Read every Terraform module directory into one model. Returns model, documents, problems.

    `trees` holds files parsed already (display → Lark tree, or the HclSyntaxError it raised).
    `var_files` are ``--var-file`` files: they apply, in order, to every root module (a directory
    no module of the tree calls), and the other non-automatic ``.tfvars`` files are then unused.
    `terragrunt` files instantiate the modules their ``terraform.source`` names (`ekslint.extract.terragrunt`)."""
    model = Model()
    documents: list[Document] = []
    problems: list[LoadProblem] = []
    parsed: dict[str, list[tuple[SourceFile, h.Body]]] = {}
    for sf in sorted(tf_files, key=lambda f: f.display):
        d = _dir_of(sf.display)
        parsed.setdefault(d, [])
        try:
            if is_tf_json(sf.path.name):  # Terraform's JSON syntax
                parsed[d].append((sf, body_of_json(sf.text, sf.display)))
                continue
            tree = (trees or {}).get(sf.display)
            if isinstance(tree, h.HclSyntaxError):
                raise tree
            if tree is None:
                tree = h.parse(sf.text)
        except h.HclSyntaxError as e:
            problems.append(LoadProblem(Span(sf.display, e.line, e.col), f"Terraform syntax error: {e}", "EKS001"))
            documents.append(Document(sf, kinds.TERRAFORM, V({}, Span(sf.display, 1))))
            continue
        parsed[d].append((sf, h.body_of(tree, sf.display)))
    vars_by_dir: dict[str, list[SourceFile]] = {}
    for sf in tfvars:
        vars_by_dir.setdefault(_dir_of(sf.display), []).append(sf)
    scan_root = _common_root([f.path for f in tf_files] + [f.path for f in tfvars])
    dir_paths: dict[str, Path | None] = {}
    for d in parsed:
        files = parsed[d]
        dir_path = files[0][0].path.parent if files else None
        if dir_path is None:
            dir_path = next((f.path.parent for f in tf_files if _dir_of(f.display) == d), None)
        dir_paths[d] = dir_path
    tree = _Tree(parsed, dir_paths, scan_root, model, _local_calls(parsed), var_files=list(var_files or []))
    called = {t for calls in tree.calls.values() for _, t in calls}
    units, tg_problems = terragrunt_units(terragrunt or [], trees or {}, parsed)
    problems.extend(tg_problems)
    order = [d for d in sorted(parsed) if d not in called and d not in {u.target for u in units}]
    for d in order:
        mod = ModuleReader(d, dir_paths[d], scan_root, parsed[d], vars_by_dir.get(d, []), set(), model, tree=tree)
        mod.read()
        documents.extend(mod.documents)
        problems.extend(mod.problems)
    tg_docs, tg_problems = instantiate_terragrunt(units, tree)
    documents.extend(tg_docs)
    problems.extend(tg_problems)
    # directories used as modules whose calls could not be followed: read on their own
    unknown_inputs = _called_inputs(parsed)
    for d in sorted(called):
        if d in tree.reached:
            continue
        tree.reached.add(d)
        mod = ModuleReader(d, dir_paths[d], scan_root, parsed[d], [], unknown_inputs.get(d, set()), model, tree=tree)
        mod.read()
        documents.extend(mod.documents)
        problems.extend(mod.problems)
    # files that failed to parse still get their (empty) document above
    return model, documents, problems


@dataclass
class _Tree:
    """What every module reader of one run shares."""

    parsed: dict[str, list[tuple[SourceFile, h.Body]]]
    dir_paths: dict[str, Path | None]
    scan_root: Path | None
    model: Model
    calls: dict[str, list[tuple[Block, str]]]  # directory → its local module calls and their directories
    reached: set[str] = field(default_factory=set)  # directories read as a module instance
    instances: int = 0
    var_files: list[Path] = field(default_factory=list)  # --var-file, in order


def _local_calls(parsed: dict[str, list[tuple[SourceFile, h.Body]]]) -> dict[str, list[tuple[Block, str]]]:
    out: dict[str, list[tuple[Block, str]]] = {}
    for d, files in parsed.items():
        for _, body in files:
            for b in body.blocks:
                if b.type != "module" or not b.labels:
                    continue
                text = h.attr_text(b.attr("source"))
                if not tm.local_source(text):
                    continue
                target = tm.target_dir(d, text or "")
                if target in parsed and target != d:
                    out.setdefault(d, []).append((b, target))
    return out


def _common_root(paths: list[Path]) -> Path | None:
    dirs = []
    for p in paths:
        try:
            dirs.append(str(p.resolve().parent))
        except (OSError, RuntimeError):
            continue
    if not dirs:
        return None
    try:
        return Path(os.path.commonpath(dirs))
    except ValueError:
        return None


def _called_inputs(parsed: dict[str, list[tuple[SourceFile, h.Body]]]) -> dict[str, set[str]]:
    """Directories of the scanned tree used as local modules → the inputs their callers set."""
    out: dict[str, set[str]] = {}
    for d, files in parsed.items():
        for _, body in files:
            for b in body.blocks:
                if b.type != "module":
                    continue
                src = b.attr("source")
                text = h.attr_text(src)
                if text is None or not text.startswith(("./", "../")):
                    continue
                target = posixpath.normpath(posixpath.join(d, text))
                out.setdefault(target, set()).update(k for k in b.body.attrs if k not in META_ARGS)
    return out


# ---------------------------------------------------------------------------------------------
# Instances of blocks
# ---------------------------------------------------------------------------------------------


class Inst:
    """One instance of a block (after count / for_each), evaluated on demand."""

    def __init__(self, reader: ModuleReader, block: Block, names: h.Names, address: str) -> None:
        self.r = reader
        self.block = block
        self.names = names
        self.address = address
        self._cache: dict[str, V | None] = {}

    @property
    def span(self) -> Span:
        return self.block.span

    def raw(self, name: str) -> V | None:
        """The attribute's value, null included; None when absent."""
        if name not in self._cache:
            self._cache[name] = self.r.ev.attr(self.block.attr(name), self.names)
        return self._cache[name]

    def get(self, name: str) -> V | None:
        """The attribute's value; None when absent or null (Terraform treats null as unset)."""
        v = self.raw(name)
        return None if v is None or is_null(v) else v

    def sub(self, type_: str) -> list[Inst]:
        """The nested blocks of a type, with ``dynamic`` blocks of that type expanded over their
        ``for_each`` (one block with an unknown iterator when the collection is not known)."""
        out = [Inst(self.r, b, self.names, self.address) for b in self.block.blocks(type_)]
        for b in self.block.blocks("dynamic"):
            if b.labels[:1] == [type_]:
                out.extend(self._expand(b, type_))
        if len(out) > 1 and any(b.type == "dynamic" for b in self.block.body.blocks):
            out.sort(key=lambda i: (i.block.span.line, i.block.span.col))
        return out

    def _expand(self, dyn: Block, type_: str) -> list[Inst]:
        contents = dyn.blocks("content")
        if not contents:
            return []
        content = contents[0]
        it_attr = dyn.attr("iterator")
        it_name = (self.r.ev.reference(it_attr.expr) if it_attr is not None else None) or type_
        coll = self.r.ev.attr(dyn.attr("for_each"), self.names)
        items: list[tuple[V, V]] | None = None
        if coll is not None and coll.known and isinstance(coll.value, dict | list):
            if isinstance(coll.value, dict):
                items = [(TfV(k, v.key_span or v.span), v) for k, v in sorted(coll.value.items())]
            else:
                items = [(TfV(i, v.span), v) for i, v in enumerate(coll.value)]
            if len(items) > h.MAX_INSTANCES:
                items = None
        if items is None:
            it = unknown(dyn.span, ref=f"{it_name}.value")
            return [Inst(self.r, content, {**self.names, it_name: it}, self.address)]
        return [Inst(self.r, content, {**self.names, it_name: TfV({"key": k, "value": v}, dyn.span)}, self.address)
                for k, v in items]

    def first(self, type_: str) -> Inst | None:
        subs = self.sub(type_)
        return subs[0] if subs else None

    def dynamic(self, type_: str) -> bool:
        return self.block.dynamic(type_)

    def value(self) -> V:
        """The block as one positioned mapping (attributes, nested blocks as lists)."""
        out: dict[str, V] = {}
        for name, a in self.block.body.attrs.items():
            v = self.raw(name)
            if v is not None:
                v = h.respan(v, v.span)
                v.key_span = a.name_span
                out[name] = v
        for b in self.block.body.blocks:
            if b.type == "dynamic" and b.labels:
                key, children = b.labels[0], [i.value() for i in self._expand(b, b.labels[0])]
            else:
                key, children = b.type, [Inst(self.r, b, self.names, self.address).value()]
            lst = out.get(key)
            if lst is None or not lst.is_list:
                lst = TfV([], b.span)
                out[key] = lst
            lst.value.extend(children)
        return TfV(out, self.block.span)


def _opt(v: V | None) -> V | None:
    return None if v is None or is_null(v) else v


def _get(v: V | None, *path: str) -> V | None:
    """v.get(*path) with null read as absent."""
    return _opt(v.get(*path)) if v is not None else None


def _module_taints(v: V | None) -> list[m.Taint]:
    """terraform-aws-eks managed node group ``taints``: a map (or list) of {key, value, effect}."""
    if v is None:
        return []
    items = [t for _, t in v.items()] if v.is_map else v.list()
    return [m.Taint(t.where(), "eks-api", key=_get(t, "key"), value=_get(t, "value"), effect=_get(t, "effect"))
            for t in items if t.is_map and t.where() is not None]


# ---------------------------------------------------------------------------------------------
# One module directory
# ---------------------------------------------------------------------------------------------


@dataclass
class _LaunchTemplate:
    inst: Inst
    user_data: V | None
    image_id: V | None
    profile: V | None  # iam_instance_profile name / arn
    raw_user_data: bool  # aws_launch_configuration / aws_instance take user data as text
    boot: NodeBootstrap | None = None
    boot_done: bool = False
    used_by: list[str] = field(default_factory=list)


@dataclass
class _Call:
    """One instance of a local module call, as the called module sees it."""

    block: Block
    address: str  # module.x, module.x[0], module.x["k"] (the caller's own prefix not included)
    inputs: dict[str, V]
    providers: dict[str, V]
    roles: dict[str, IamRole]  # foreign references (see `tf_modules.foreign_ref`) → the caller's role
    profiles: set[str]
    scope: str
    depth: int
    stack: tuple[str, ...]  # directories of the calls above, innermost last


@dataclass
class _Module:
    """A terraform-aws-eks module call (root or submodule)."""

    name: str
    inst: Inst
    sub: str  # "" for the root module, "modules/karpenter", ...
    major: int | None
    source: str


class ModuleReader:
    def __init__(
        self,
        dir_display: str,
        dir_path: Path | None,
        scan_root: Path | None,
        files: list[tuple[SourceFile, h.Body]],
        tfvars: list[SourceFile],
        called_inputs: set[str],
        model: Model,
        *,
        tree: _Tree | None = None,
        call: _Call | None = None,
    ) -> None:
        self.dir = dir_display
        self.files = files
        self.model = model
        self.tree = tree
        self.call = call
        self.stamper: tm.Stamper | None = None  # set once this module instance has been read
        # the Terraform configuration this module belongs to (its root module's directory)
        self.scope = call.scope if call is not None else dir_display
        self.documents: list[Document] = []
        self.problems: list[LoadProblem] = []
        self.env = ModuleEnv(dir_display, dir_path, scan_root)
        for _, body in files:
            for b in body.blocks:
                self.env.add(b)
        self.env.var_unknown |= called_inputs & set(self.env.variables)
        self.ev = Evaluator(self.env)
        if call is not None:
            self.env.var_overrides.update(call.inputs)  # a called module reads no .tfvars
        else:
            self._read_tfvars(tfvars, tree.var_files if tree is not None else [])
        self.sources = {sf.display: sf for sf, _ in files}
        self.providers: dict[str, V] = dict(call.providers) if call is not None else {}
        self.roles: dict[str, IamRole] = {}  # "aws_iam_role.x" / "aws_iam_role.x[0]" → role
        self.role_bases: dict[str, list[IamRole]] = {}
        self.profiles: dict[str, Inst] = {}
        # "module.k.node_iam_role_arn" → role (and the caller's roles passed in as arguments)
        self.module_refs: dict[str, IamRole] = dict(call.roles) if call is not None else {}
        self.module_profile_refs: set[str] = set(call.profiles) if call is not None else set()
        self.lts: dict[str, _LaunchTemplate] = {}
        self.eks_modules: list[_Module] = []
        self._found_modules: list[_Module] = []
        self._busy: set[str] = set()

    # -- variables -------------------------------------------------------------------------
    def _read_tfvars(self, tfvars: list[SourceFile], var_files: list[Path]) -> None:
        """Variable values the way Terraform loads them for a root module.

        ``terraform.tfvars``, ``terraform.tfvars.json``, then ``*.auto.tfvars(.json)`` in name order
        override the defaults, then the ``--var-file`` files in the order given. Without
        ``--var-file``, variables set in any other ``.tfvars`` file of the directory (meant for
        ``-var-file``) are unknown; with it, those files are not used.
        """
        named: set[Path] = set()
        for p in var_files:
            try:
                named.add(p.resolve())
            except (OSError, RuntimeError):
                continue
        entries: list[tuple[str, SourceFile | Path]] = [(posixpath.basename(sf.display), sf) for sf in tfvars]
        if self.env.dir_path is not None:
            try:
                jsons = sorted(p for p in self.env.dir_path.iterdir() if p.name.endswith(".tfvars.json") and p.is_file())
            except OSError:
                jsons = []
            entries.extend((p.name, p) for p in jsons)

        def order(entry: tuple[str, SourceFile | Path]) -> tuple[int, str]:
            name = entry[0]
            return (0 if name in ("terraform.tfvars", "terraform.tfvars.json") else 1, name)

        def path_of(src: SourceFile | Path) -> Path | None:
            try:
                return (src.path if isinstance(src, SourceFile) else src).resolve()
            except (OSError, RuntimeError):
                return None

        for name, src in sorted(entries, key=order):
            auto = name in ("terraform.tfvars", "terraform.tfvars.json") or name.endswith((".auto.tfvars", ".auto.tfvars.json"))
            if not auto and (var_files or path_of(src) in named):
                continue  # not loaded, or loaded below in --var-file order
            values = self._tfvars_values(name, src)
            if values is None:
                continue
            if auto:
                self.env.var_overrides.update(values)
            else:
                self.env.var_unknown.update(values)
        for p in var_files:
            values = self._tfvars_values(p.name, p, display=self._var_file_display(p))
            if values is not None:
                self.env.var_overrides.update(values)
                self.env.var_unknown.difference_update(values)

    def _var_file_display(self, p: Path) -> str:
        try:
            return p.resolve().relative_to(Path.cwd().resolve()).as_posix()
        except (OSError, RuntimeError, ValueError):
            return p.as_posix()

    def _tfvars_values(self, name: str, src: SourceFile | Path, display: str | None = None) -> dict[str, V] | None:
        if isinstance(src, Path) and not name.endswith(".json"):
            shown = display or src.as_posix()
            try:
                if src.stat().st_size > h.MAX_TEMPLATE_BYTES:
                    return None
                src = SourceFile(src, shown, src.read_text(encoding="utf-8-sig"))
            except (OSError, ValueError):
                self.problems.append(LoadProblem(Span(shown, 1), "cannot read this --var-file as UTF-8 text", "EKS002"))
                return None
        if isinstance(src, SourceFile):
            try:
                body = h.body_of(h.parse(src.text), src.display)
            except h.HclSyntaxError as e:
                self.problems.append(LoadProblem(Span(src.display, e.line, e.col), f"Terraform syntax error: {e}", "EKS001"))
                return None
            return {k: self.ev_const(a) for k, a in body.attrs.items()}
        if display is None:
            display = posixpath.join(self.dir, name) if self.dir != "." else name
        try:
            if src.stat().st_size > h.MAX_TEMPLATE_BYTES:
                return None
            data = json.loads(src.read_text(encoding="utf-8-sig"))
        except (OSError, ValueError):
            return None  # Terraform reports it; ekslint only reads values it can trust
        if not isinstance(data, dict):
            return None
        return {str(k): h.from_plain(v, Span(display, 1)) for k, v in data.items()}

    def ev_const(self, a: Attr) -> V:
        return Evaluator(ModuleEnv(self.env.dir_display, None)).attr(a) or unknown(a.span)

    # -- instances -------------------------------------------------------------------------
    def instances(self, block: Block, address: str) -> list[Inst]:
        count = block.attr("count")
        each = block.attr("for_each")
        if count is not None:
            n = self.ev.attr(count)
            if n is not None and n.known and isinstance(n.value, int | float) and not isinstance(n.value, bool) and math.isfinite(n.value):
                k = int(n.value)
                if k <= 0:
                    return []
                if k <= h.MAX_INSTANCES:
                    return [Inst(self, block, {"count": TfV({"index": TfV(i, n.span)}, n.span)}, f"{address}[{i}]") for i in range(k)]
            return [Inst(self, block, {}, address)]
        if each is not None:
            coll = self.ev.attr(each)
            if coll is not None and coll.known and isinstance(coll.value, dict | list):
                items: list[tuple[str, V]] = []
                if isinstance(coll.value, dict):
                    items = sorted(coll.value.items())
                else:
                    for item in coll.value:
                        s = known_str(item)
                        if s is None:
                            return [Inst(self, block, {}, address)]
                        items.append((s, item))
                if not items:
                    return []
                if len(items) <= h.MAX_INSTANCES:
                    out = []
                    for key, val in items:
                        key_v = TfV(key, val.key_span or val.span)
                        out.append(Inst(self, block, {"each": TfV({"key": key_v, "value": val}, each.span)}, f"{address}[{json.dumps(key)}]"))
                    return out
            return [Inst(self, block, {}, address)]
        return [Inst(self, block, {}, address)]

    def resources(self, *types: str) -> Iterator[Inst]:
        for b in self.env.blocks:
            if b.type == "resource" and len(b.labels) >= 2 and b.labels[0] in types:
                yield from self.instances(b, f"{b.labels[0]}.{b.labels[1]}")

    # -- providers / regions ---------------------------------------------------------------
    def _read_providers(self) -> None:
        for b in self.env.blocks:
            if b.type != "provider" or b.labels[:1] != ["aws"]:
                continue
            inst = Inst(self, b, {}, "provider.aws")
            alias = known_str(inst.get("alias"))
            key = f"aws.{alias}" if alias else "aws"
            if inst.block.attr("alias") is not None and alias is None:
                continue
            region = inst.get("region")
            self.providers[key] = region if region is not None else unknown(b.span, ref=f"provider.{key}.region")

    def _provider_key(self, expr_attr: Attr | None) -> str | None:
        if expr_attr is None:
            return None
        return self.ev.reference(expr_attr.expr)

    def region_of(self, inst: Inst, module_providers: bool = False) -> V | None:
        r = inst.get("region")
        if r is not None:
            return r
        key: str | None = "aws"
        if module_providers:
            prov = inst.block.attr("providers")
            if prov is not None:
                key = self.ev.object_reference(prov.expr, "aws") or "aws"
        else:
            key = self._provider_key(inst.block.attr("provider")) or "aws"
        if key in self.providers:
            return self.providers[key]
        if key != "aws" and self.providers:
            return unknown(inst.span, ref=f"provider.{key}.region")
        return None

    # -- roles -----------------------------------------------------------------------------
    def _role_for(self, base: str, index: str) -> IamRole | None:
        if index and base + index in self.roles:
            return self.roles[base + index]
        cands = self.role_bases.get(base, [])
        return cands[0] if len(cands) == 1 else None

    def role_ref(self, v: V | None) -> RoleRef | None:
        if v is None or is_null(v):
            return None
        ref = RoleRef(v)
        r = v.ref
        if r:
            mt = _ROLE_REF.match(r)
            if mt:
                ref.role = self._role_for(f"aws_iam_role.{mt.group(1)}", mt.group(2))
            elif _PROFILE_REF.match(r) or r in self.module_profile_refs:
                ref.is_instance_profile = True
            elif r in self.module_refs:
                ref.role = self.module_refs[r]
        text = text_of(v)
        if text and ":instance-profile/" in text:
            ref.is_instance_profile = True
        return ref

    def _trust(self, policy: V | None) -> tuple[set[str], bool]:
        """(trusted services, trusts a federated principal) of an assume-role policy."""
        if policy is None:
            return set(), False
        doc: V | None = None
        if isinstance(policy, TfV) and policy.func == "jsonencode" and policy.origin is not None:
            doc = policy.origin
        elif policy.known and isinstance(policy.value, str):
            try:
                doc = h.from_plain(json.loads(policy.value), policy.span or Span(self.dir, 1))
            except ValueError:
                doc = None
        elif policy.ref and policy.ref.startswith("data.aws_iam_policy_document."):
            return self._trust_of_document(policy.ref)
        if doc is None:
            return set(), False
        services: set[str] = set()
        federated = False
        stmts = _get(doc, "Statement")
        for st in (stmts.list() if stmts is not None and stmts.is_list else [stmts] if stmts is not None else []):
            if known_str(_get(st, "Effect")) not in (None, "Allow"):
                continue
            principal = _get(st, "Principal")
            if principal is None:
                continue
            for k, val in principal.items():
                if k == "Service":
                    for s in val.list() if val.is_list else [val]:
                        if known_str(s):
                            services.add(known_str(s) or "")
                elif k == "Federated":
                    federated = True
        return services, federated

    def _trust_of_document(self, ref: str) -> tuple[set[str], bool]:
        mt = re.match(r"^data\.aws_iam_policy_document\.([A-Za-z0-9_-]+)", ref)
        block = self.env.data.get(("aws_iam_policy_document", mt.group(1))) if mt else None
        if block is None:
            return set(), False
        inst = Inst(self, block, {}, ref)
        services: set[str] = set()
        federated = False
        for st in inst.sub("statement"):
            if known_str(st.get("effect")) not in (None, "Allow"):
                continue
            for p in st.sub("principals"):
                ptype = known_str(p.get("type"))
                ids = p.get("identifiers")
                if ptype == "Service" and ids is not None:
                    services.update(s for s in (known_str(i) for i in (ids.list() if ids.is_list else [ids])) if s)
                elif ptype == "Federated":
                    federated = True
        return services, federated

    def _read_roles(self) -> None:
        for inst in self.resources("aws_iam_role"):
            name = inst.get("name")
            prefix = inst.get("name_prefix")
            if name is None:
                name = unknown(inst.span, ref=f"{inst.address}.name")
            services, federated = self._trust(inst.get("assume_role_policy"))
            role = IamRole(inst.address, name, inst.span, SOURCE_TF, path=inst.get("path"), name_prefix=prefix, trusted_services=services,
                           trusts_federated=federated, module_dir=self.scope)
            self.model.iam_roles.append(role)
            self.roles[inst.address] = role
            base = f"aws_iam_role.{inst.block.labels[1]}"
            self.role_bases.setdefault(base, []).append(role)
        for inst in self.resources("aws_iam_instance_profile"):
            self.profiles[inst.address] = inst
            self.profiles.setdefault(f"aws_iam_instance_profile.{inst.block.labels[1]}", inst)

    def _profile_role(self, v: V | None) -> RoleRef | None:
        """The role behind an instance profile reference (name or ARN)."""
        if v is None:
            return None
        inst: Inst | None = None
        if v.ref:
            mt = _PROFILE_REF.match(v.ref)
            if mt and not v.ref.startswith("data."):
                inst = self.profiles.get(f"aws_iam_instance_profile.{mt.group(1)}{mt.group(2)}") or self.profiles.get(
                    f"aws_iam_instance_profile.{mt.group(1)}")
        if inst is None and known_str(v):
            want = (known_str(v) or "").rsplit("/", 1)[-1]
            for cand in self.profiles.values():
                if known_str(cand.get("name")) == want:
                    inst = cand
                    break
        if inst is None:
            return None
        return self.role_ref(inst.get("role"))

    def _controller_roles(self) -> None:
        for role in self.model.iam_roles:
            if role.module_dir != self.scope or role.source != SOURCE_TF:
                continue
            name = role.role_name
            if not name or "karpenter" not in name.lower():
                continue
            if ("pods.eks.amazonaws.com" in role.trusted_services or role.trusts_federated) and not any(
                s.startswith("ec2.amazonaws.com") for s in role.trusted_services
            ):
                self.model.controller_roles.setdefault(name, role.span)
        for inst in self.resources("aws_eks_pod_identity_association"):
            sa = known_str(inst.get("service_account"))
            if sa != "karpenter":
                continue
            ref = self.role_ref(inst.get("role_arn"))
            name = ref.name if ref is not None else None
            if name and ref is not None:
                self.model.controller_roles.setdefault(name, ref.value.where() or inst.span)

    # -- user data -------------------------------------------------------------------------
    def _text_source(self, v: V | None, user_data: bool = True) -> tuple[str, str, int, int, V] | None:
        """(text, file, first line, column, the text's value) of user data, through base64encode and friends."""
        depth = 0
        while isinstance(v, TfV) and v.func in ("base64encode", "filebase64", "base64gzip") and v.origin is not None and depth < 10:
            v = v.origin
            depth += 1
        if v is None:
            return None
        if user_data and isinstance(v, TfV) and v.text_file and not v.text_file.endswith(".tf") and v.span is not None:
            self.model.user_data_files.setdefault(v.text_file, v.span)  # read here, not on its own
        text = text_of(v)
        if text is None:
            return None
        if isinstance(v, TfV) and v.text_line is not None and v.text_file:
            return text, v.text_file, v.text_line, v.text_col, v
        span = v.where()
        if span is None:
            return None
        return text, span.file, span.line, span.col, v

    def _boot_from_text(self, src: tuple[str, str, int, int, V], source: str) -> NodeBootstrap | None:
        from ekslint.extract.userdata import bootstrap_from_user_data

        text, file, line, col, value = src
        text, value = tf_userdata.prepare(text, value)
        boot = _unsafe_boot(bootstrap_from_user_data(_yaml_safe(text), file, line, source=source, col=col))
        if boot is not None and not value.known:
            for d in boot.nodeconfigs:
                _restore_tree(d, value)
            boot.bootstrap_calls = [[h.restore_unknown(w, value) for w in call] for call in boot.bootstrap_calls]
        if boot is not None:
            boot.hidden_text = tf_userdata.hidden_text(value)
            tf_userdata.remap(boot, value, src[4].span)
            if not (isinstance(value, TfV) and value.text_line is not None and value.text_file) and "\n" in text.rstrip("\n"):
                tf_userdata.pin(boot, Span(file, line, col))  # its lines are not the file's lines
        return boot

    def bootstrap_of(self, v: V | None, source: str) -> NodeBootstrap | None:
        if v is None:
            return None
        if not v.known and v.ref and re.match(r"^data\.(template_)?cloudinit_config\.", v.ref or ""):
            return self._cloudinit_bootstrap(v.ref or "", source)
        src = self._text_source(v)
        return self._boot_from_text(src, source) if src is not None else None

    def _cloudinit_bootstrap(self, ref: str, source: str) -> NodeBootstrap | None:
        mt = re.match(r"^data\.((?:template_)?cloudinit_config)\.([A-Za-z0-9_-]+)", ref)
        block = self.env.data.get((mt.group(1), mt.group(2))) if mt else None
        if block is None:
            return None
        inst = Inst(self, block, {}, ref)
        parts = [(p.get("content_type"), p.get("content")) for p in inst.sub("part")]
        return self._parts_bootstrap(parts, source, block.span)

    def _parts_bootstrap(self, parts: list[tuple[V | None, V | None]], source: str, span: Span) -> NodeBootstrap | None:
        """One MIME bootstrap from separately written parts (cloudinit_config, cloudinit_pre_nodeadm)."""
        out = NodeBootstrap(span=span, source=source, container="mime")
        for ctype_v, content in parts:
            src = self._text_source(content)
            if src is None:
                continue
            ctype = (known_str(ctype_v) or "").split(";", 1)[0].strip().lower()
            boot = self._boot_from_text(src, source)
            if boot is None:
                continue
            out.hidden_text += boot.hidden_text
            if ctype == NODECONFIG_MEDIA_TYPE:
                out.nodeconfigs.extend(boot.nodeconfigs)
                out.rejected_docs.extend(boot.rejected_docs)
            else:
                out.bootstrap_calls.extend(boot.bootstrap_calls)
            where = (ctype_v.where() if ctype_v is not None else None) or (content.where() if content else None)
            out.parts.append(UserDataPart(where or span, ctype_v, list(boot.nodeconfigs)))
        if not out.nodeconfigs and not out.bootstrap_calls and not any(p.nodeconfigs for p in out.parts):
            return None
        first = (out.nodeconfigs[0].where() if out.nodeconfigs
                 else out.bootstrap_calls[0][0].where() if out.bootstrap_calls else None)
        if first is not None:
            out.span = first
        return out

    # -- launch templates ------------------------------------------------------------------
    def _read_launch_templates(self) -> None:
        for inst in self.resources("aws_launch_template"):
            prof = inst.first("iam_instance_profile")
            lt = _LaunchTemplate(inst, inst.get("user_data"), inst.get("image_id"),
                                 (prof.get("arn") or prof.get("name")) if prof else None, raw_user_data=False)
            self._add_lt(inst, lt)
        for inst in self.resources("aws_launch_configuration"):
            lt = _LaunchTemplate(inst, inst.get("user_data") or inst.get("user_data_base64"), inst.get("image_id"),
                                 inst.get("iam_instance_profile"), raw_user_data=True)
            self._add_lt(inst, lt)

    def _add_lt(self, inst: Inst, lt: _LaunchTemplate) -> None:
        self.lts[inst.address] = lt
        self.lts.setdefault(f"{inst.block.labels[0]}.{inst.block.labels[1]}", lt)

    def _lt_from(self, v: V | None) -> _LaunchTemplate | None:
        if v is None:
            return None
        if v.ref:
            mt = _LT_REF.match(v.ref)
            if mt:
                return self.lts.get(f"{mt.group(1)}.{mt.group(2)}{mt.group(3)}") or self.lts.get(f"{mt.group(1)}.{mt.group(2)}")
        name = known_str(v)
        if name:
            for lt in self.lts.values():
                if known_str(lt.inst.get("name")) == name or known_str(lt.inst.get("id")) == name:
                    return lt
        return None

    def _lt_boot(self, lt: _LaunchTemplate) -> NodeBootstrap | None:
        if not lt.boot_done:
            lt.boot_done = True
            lt.boot = self.bootstrap_of(lt.user_data, SOURCE_TF)
            if lt.boot is not None:
                self.model.bootstraps.append(lt.boot)
        return lt.boot

    def _ami_family_of_image(self, image: V | None) -> str | None:
        if image is None or not image.ref:
            return None
        mt = re.match(r"^data\.(aws_ssm_parameter|aws_ami)\.([A-Za-z0-9_-]+)", image.ref)
        if not mt:
            return None
        block = self.env.data.get((mt.group(1), mt.group(2)))
        if block is None:
            return None
        inst = Inst(self, block, {}, image.ref)
        if mt.group(1) == "aws_ssm_parameter":
            return _ami_family_of_name(known_str(inst.get("name")))
        fams = set()
        for f in inst.sub("filter"):
            if known_str(f.get("name")) != "name":
                continue
            vals = f.get("values")
            for val in vals.list() if vals is not None and vals.is_list else []:
                fams.add(_ami_family_of_name(known_str(val)))
        fams.discard(None)
        return fams.pop() if len(fams) == 1 else None

    # -- clusters --------------------------------------------------------------------------
    def _read_clusters(self) -> None:
        for inst in self.resources("aws_eks_cluster"):
            access = inst.first("access_config")
            mode = access.get("authentication_mode") if access is not None else None
            default_mode: str | None = "CONFIG_MAP"
            if inst.dynamic("access_config"):
                mode = mode or unknown(inst.span, ref=f"{inst.address}.access_config")
                default_mode = None
            net = inst.first("kubernetes_network_config")
            vpc = inst.first("vpc_config")
            self.model.clusters.append(Cluster(
                SOURCE_TF, inst.span, name=inst.get("name"), region=self.region_of(inst), version=inst.get("version"),
                authentication_mode=mode, default_authentication_mode=default_mode, default_endpoint_access=(True, False),
                bootstrap_admin=access.get("bootstrap_cluster_creator_admin_permissions") if access is not None else None,
                service_ipv4_cidr=net.get("service_ipv4_cidr") if net else None,
                endpoint_private_access=vpc.get("endpoint_private_access") if vpc else None,
                endpoint_public_access=vpc.get("endpoint_public_access") if vpc else None,
                module_dir=self.scope, address=inst.address,
                ip_family=net.get("ip_family") if net else None,
                public_access_cidrs=vpc.get("public_access_cidrs") if vpc else None,
                outpost=outpost.value() if (outpost := inst.first("outpost_config")) is not None else None,
            ))

    # -- node groups -----------------------------------------------------------------------
    def _read_node_groups(self) -> None:
        for inst in self.resources("aws_eks_node_group"):
            ami_type = inst.get("ami_type")
            family = ami_family_of_type(known_str(ami_type))
            family_value = ami_type
            lt_spec = inst.first("launch_template")
            lt = self._lt_from((lt_spec.get("id") or lt_spec.get("name")) if lt_spec else None)
            image = lt.image_id if lt is not None else None
            if lt is not None:
                lt.used_by.append("managed")
            if ami_type is None and image is not None:
                family = self._ami_family_of_image(image)
                family_value = image if family else None
            name = inst.get("node_group_name")
            if name is None and inst.get("node_group_name_prefix") is not None:
                name = unknown(inst.span, ref=f"{inst.address}.node_group_name")
            group = NodeGroup(
                "managed", SOURCE_TF, inst.span, name=name, cluster_name=inst.get("cluster_name"),
                region=self.region_of(inst), version=inst.get("version"), release_version=inst.get("release_version"),
                ami_family=family, ami_family_value=family_value, custom_ami=image,
                role=self.role_ref(inst.get("node_role_arn")), value=inst.value(), module_dir=self.scope, address=inst.address,
            )
            scaling = inst.first("scaling_config")
            if scaling is not None:
                group.min_size, group.max_size = scaling.get("min_size"), scaling.get("max_size")
                group.desired_size = scaling.get("desired_size")
            group.labels = inst.get("labels")
            group.taints = [m.Taint(t.span, "eks-api", key=t.get("key"), value=t.get("value"), effect=t.get("effect"))
                            for t in inst.sub("taint")]
            group.instance_types = (inst.get("instance_types") or TfV([], None)).list()
            if lt is not None:
                boot = self._lt_boot(lt)
                if boot is not None:
                    custom = image is not None or (known_str(ami_type) or "").upper() == "CUSTOM"
                    boot.cluster_details_supplied = not custom
                    if boot.region is None:
                        boot.region = group.region
                    group.bootstrap = boot
            self.model.node_groups.append(group)

    def _read_self_managed(self) -> None:
        for inst in self.resources("aws_autoscaling_group", "aws_instance"):
            lt: _LaunchTemplate | None = None
            spec = inst.first("launch_template")
            if spec is not None:
                lt = self._lt_from(spec.get("id") or spec.get("name"))
            mip = inst.first("mixed_instances_policy")
            if lt is None and mip is not None:
                mlt = mip.first("launch_template")
                lts = mlt.first("launch_template_specification") if mlt is not None else None
                if lts is not None:
                    lt = self._lt_from(lts.get("launch_template_id") or lts.get("launch_template_name"))
            if lt is None and inst.get("launch_configuration") is not None:
                lt = self._lt_from(inst.get("launch_configuration"))
            is_instance = inst.block.labels[0] == "aws_instance"
            boot: NodeBootstrap | None = None
            image = lt.image_id if lt is not None else None
            profile = lt.profile if lt is not None else None
            region = self.region_of(inst)
            if lt is not None:
                lt.used_by.append("self-managed")
                boot = self._lt_boot(lt)
            if is_instance:
                image = inst.get("ami") or image
                profile = inst.get("iam_instance_profile") or profile
                own = inst.get("user_data") or inst.get("user_data_base64")
                if own is not None:
                    boot = self.bootstrap_of(own, SOURCE_TF)
                    if boot is not None:
                        self.model.bootstraps.append(boot)
                if boot is None:
                    continue  # an instance that does not join a cluster is not a node
            if boot is not None:
                boot.cluster_details_supplied = False
                if boot.region is None:
                    boot.region = region
            name = inst.get("name") if not is_instance else None
            if name is None and not is_instance and inst.get("name_prefix") is not None:
                name = unknown(inst.span, ref=f"{inst.address}.name")
            family = self._ami_family_of_image(image)
            self.model.node_groups.append(NodeGroup(
                "self-managed", SOURCE_TF, inst.span, name=name, region=region, ami_family=family,
                ami_family_value=image if family else None, custom_ami=image, role=self._profile_role(profile),
                bootstrap=boot, value=inst.value(), module_dir=self.scope, address=inst.address,
                min_size=None if is_instance else inst.get("min_size"), max_size=None if is_instance else inst.get("max_size"),
                desired_size=None if is_instance else inst.get("desired_capacity"),
            ))

    def _orphan_launch_templates(self) -> None:
        seen: set[int] = set()
        for lt in self.lts.values():
            if id(lt) in seen or lt.used_by:
                continue
            seen.add(id(lt))
            boot = self._lt_boot(lt)
            if boot is None:
                continue
            # Not used by a node group of this module: maybe by a managed node group elsewhere.
            # A NodeConfig without any cluster section only overrides; don't assume more.
            boot.cluster_details_supplied = lt.image_id is None and bool(boot.nodeconfigs) and not boot.bootstrap_calls and all(
                d.get("spec", "cluster") is None for d in boot.nodeconfigs)
            if boot.region is None:
                boot.region = self.region_of(lt.inst)

    # -- access entries --------------------------------------------------------------------
    def _read_access_entries(self) -> None:
        entries: list[AccessEntry] = []
        for inst in self.resources("aws_eks_access_entry"):
            groups_v = inst.get("kubernetes_groups")
            lifecycle = inst.first("lifecycle")
            triggers: list[str] = []
            rtb = lifecycle.block.attr("replace_triggered_by") if lifecycle is not None else None
            if rtb is not None:
                triggers = self.ev.references(rtb.expr)
            entry = AccessEntry(
                SOURCE_TF, inst.span, principal=self.role_ref(inst.get("principal_arn")), type=inst.get("type"),
                groups=groups_v.list() if groups_v is not None and groups_v.is_list else None, groups_value=groups_v,
                username=inst.get("user_name"), cluster_name=inst.get("cluster_name"), address=inst.address,
                module_dir=self.scope, replace_triggered_by=triggers,
            )
            entries.append(entry)
            self.model.access_entries.append(entry)
        for inst in self.resources("aws_eks_access_policy_association"):
            principal = inst.get("principal_arn")
            key = _principal_key(principal)
            scope = inst.first("access_scope")
            policy = AccessPolicy(inst.get("policy_arn"), inst.span, scope_type=scope.get("type") if scope else None,
                                  namespaces=scope.get("namespaces") if scope else None, principal=principal)
            # principal_arn = "<arn>", the same reference as the entry's, or aws_eks_access_entry.x.principal_arn
            via = (principal.ref or "").split("[", 1)[0] if principal is not None else ""
            matched = [e for e in entries if e.principal is not None and (
                (key is not None and _principal_key(e.principal.value) == key)
                or via == e.address.split("[", 1)[0] + ".principal_arn")]
            for e in matched:
                e.policies.append(policy)
            if not matched:
                self.model.orphan_policies.append(policy)

    def _read_fargate_profiles(self) -> None:
        for inst in self.resources("aws_eks_fargate_profile"):
            self.model.fargate_profiles.append(m.FargateProfile(
                SOURCE_TF, inst.span, name=inst.get("fargate_profile_name"), cluster_name=inst.get("cluster_name"),
                role=self.role_ref(inst.get("pod_execution_role_arn")), address=inst.address, module_dir=self.scope))

    # -- aws-auth --------------------------------------------------------------------------
    def _read_aws_auth(self) -> None:
        for inst in self.resources(*CONFIG_MAP_TYPES):
            meta = inst.first("metadata")
            name = meta.get("name") if meta else None
            data = inst.get("data")
            keys = {k for k, _ in data.items()} if data is not None else set()
            if known_str(name) != "aws-auth" and not keys & {"mapRoles", "mapUsers", "mapAccounts"}:
                continue
            auth = AwsAuth(SOURCE_TF, inst.span, name=name, namespace=meta.get("namespace") if meta else None, data=data,
                           module_dir=self.scope, manager=inst.block.labels[0], address=inst.address, force=inst.get("force"))
            for key, val in data.items() if data is not None else []:
                if key in ("mapRoles", "mapUsers", "mapAccounts"):
                    self._auth_key(auth, key, val, SOURCE_TF)
            self.model.aws_auth.append(auth)

    def _auth_key(self, auth: AwsAuth, key: str, val: V, source: str) -> None:
        from ekslint.extract.aws_auth import mappings_from_string, mappings_from_value

        if isinstance(val, TfV) and val.func in ("yamlencode", "jsonencode") and val.origin is not None:
            if val.origin.is_list:
                auth.mappings.extend(self._fix_roles(mappings_from_value(val.origin, key, source)))
            return
        if val.is_list:
            auth.mappings.extend(self._fix_roles(mappings_from_value(val, key, source)))
            return
        text = text_of(val)
        if text is None:
            return
        first: int | None = None
        col = 0
        if isinstance(val, TfV) and val.text_line is not None:
            first, col = val.text_line, val.text_col - 1
        as_text = val if val.known else TfV(_yaml_safe(text), val.span)
        maps, probs = mappings_from_string(as_text, key, source, first, col)
        if not val.known:
            for mp in maps:
                if mp.entry is not None:
                    _unsafe_tree(mp.entry)
                for one in (mp.arn, mp.username, *(mp.groups or [])):
                    if one is not None:
                        _unsafe_tree(one)
                if mp.entry is not None:
                    _restore_tree(mp.entry, val)
                mp.arn = h.restore_unknown(mp.arn, val) if mp.arn is not None else None
                mp.username = h.restore_unknown(mp.username, val) if mp.username is not None else None
                if mp.groups is not None:
                    mp.groups = [h.restore_unknown(g, val) for g in mp.groups]
        auth.mappings.extend(self._fix_roles(maps))
        auth.problems.extend((val, msg, where) for where, msg in probs)

    def _fix_roles(self, maps: list[m.RoleMapping]) -> list[m.RoleMapping]:
        for mp in maps:
            if mp.kind == "role" and mp.arn is not None:
                mp.role = self.role_ref(mp.arn)
        return maps

    # -- manifests (kubectl_manifest / kubernetes_manifest) -------------------------------
    def _read_manifests(self) -> None:
        from ekslint.extract import aws_auth
        from ekslint.load.yaml_docs import YamlLoadError, classify

        for inst in self.resources(*MANIFEST_TYPES):
            roots: list[tuple[V, SourceFile]] = []
            if inst.block.labels[0] == "kubectl_manifest":
                src = self._text_source(inst.get("yaml_body"), user_data=False)
                if src is None:
                    continue
                text, file, line, col, _ = src
                body = inst.get("yaml_body")
                if not (isinstance(body, TfV) and body.text_line is not None):
                    continue  # a quoted string: positions would not map onto the file
                try:
                    docs = parse_partial_yaml(text, file, line, col, None if body.known else body)
                except YamlLoadError:
                    continue
                sf = self._source_file(file, text)
                roots.extend((d, sf) for d in docs)
            else:
                manifest = inst.get("manifest")
                if manifest is not None and manifest.is_map:
                    roots.append((manifest, self.sources[inst.block.file]))
            for i, (root, sf) in enumerate(roots):
                kind, api = classify(root)
                if kind in (kinds.EC2NODECLASS, kinds.NODEPOOL):
                    self.add_karpenter_object(Document(sf, kind, root, i, api))
                elif kind == kinds.AWS_AUTH:
                    self.add_aws_auth(aws_auth.extract_configmap(root, sf.lines, source=SOURCE_TF))

    def add_karpenter_object(self, doc: Document) -> None:
        """A NodePool or EC2NodeClass written inside Terraform, into the documents and the model."""
        from ekslint.extract import karpenter

        self.documents.append(doc)
        before = len(self.model.node_groups)
        (karpenter.extract_nodeclass if doc.kind == kinds.EC2NODECLASS else karpenter.extract_nodepool)(doc, self.model)
        for group in self.model.node_groups[before:]:
            # a role given by reference (module.karpenter.node_iam_role_name) resolves here
            if group.role is not None and group.role.role is None:
                group.role = self.role_ref(group.role.value) or group.role

    def add_aws_auth(self, auth: AwsAuth) -> None:
        """An aws-auth ConfigMap written inside Terraform, its role references resolved here."""
        auth.module_dir = self.scope
        self._fix_roles(auth.mappings)
        self.model.aws_auth.append(auth)

    def _source_file(self, display: str, text: str) -> SourceFile:
        if display in self.sources:
            return self.sources[display]
        base = self.env.dir_path or Path(".")
        rel = posixpath.relpath(display, self.dir) if self.dir != "." else display
        return SourceFile(base / rel, display, text)

    # -- terraform-aws-eks -----------------------------------------------------------------
    def _find_modules(self) -> None:
        """Calls of terraform-aws-eks; their outputs are registered before anything is evaluated
        (a local computed early would otherwise keep an unknown ``module.karpenter.*`` forever)."""
        for b in self.env.blocks:
            if b.type != "module" or not b.labels:
                continue
            src = h.attr_text(b.attr("source"))
            parsed = _eks_module_source(src) if src else None
            if parsed is None:
                continue
            sub, ref_version = parsed
            version = h.attr_text(b.attr("version")) or ref_version
            mod = _Module(b.labels[0], Inst(self, b, {}, f"module.{b.labels[0]}"), sub, _major(version),
                          SOURCE_KARPENTER if sub == "modules/karpenter" else SOURCE_EKS)
            self._register_outputs(mod)
            self._found_modules.append(mod)
            self.model.module_calls.append(m.ModuleCall(
                b.labels[0], b.span, src or "", sub, mod.major, version,
                {k: a.name_span for k, a in b.body.attrs.items() if k not in META_ARGS}, self.dir))

    def _enable_modules(self) -> None:
        for mod in self._found_modules:
            insts = self.instances(mod.inst.block, f"module.{mod.name}")
            if not insts:
                continue  # count = 0 / empty for_each
            mod.inst = insts[0]
            if known_bool(mod.inst.get("create")) is False:
                continue
            self.eks_modules.append(mod)

    def _register_outputs(self, mod: _Module) -> None:
        outs = self.env.module_outputs

        def guard(key: str, f: Callable[[], V | None]) -> Callable[[], V | None]:
            def get() -> V | None:
                if key in self._busy:
                    return None
                self._busy.add(key)
                try:
                    return f()
                finally:
                    self._busy.discard(key)

            return get

        if mod.sub == "":
            outs[(mod.name, "cluster_name")] = guard(f"{mod.name}.cluster_name", lambda: self._eks_cluster_name(mod))
            outs[(mod.name, "cluster_version")] = guard(f"{mod.name}.cluster_version", lambda: self._eks_input(mod, "kubernetes_version", "cluster_version"))
        elif mod.sub == "modules/karpenter":
            outs[(mod.name, "node_iam_role_name")] = guard(f"{mod.name}.node", lambda: self._karpenter_node_name(mod))
            outs[(mod.name, "iam_role_name")] = guard(f"{mod.name}.controller", lambda: self._karpenter_controller_name(mod))
            if mod.major == 19:
                outs[(mod.name, "role_name")] = guard(f"{mod.name}.node", lambda: self._karpenter_node_name(mod))

    def _eks_input(self, mod: _Module, v21: str, older: str) -> V | None:
        inst = mod.inst
        if mod.major is not None and mod.major >= 21:
            return inst.get(v21)
        if mod.major is not None:
            return inst.get(older)
        return inst.get(v21) if inst.get(v21) is not None else inst.get(older)

    def _eks_cluster_name(self, mod: _Module) -> V | None:
        return self._eks_input(mod, "name", "cluster_name")

    def _karpenter_gen(self, mod: _Module) -> int | None:
        """19 (old input names), 20 (v20/v21 names) or None when neither the version nor the inputs say."""
        if mod.major is not None:
            return 19 if mod.major <= 19 else 20
        attrs = mod.inst.block.body.attrs
        if any(k.startswith("irsa_") for k in attrs) or "enable_karpenter_instance_profile_creation" in attrs:
            return 19
        if any(k.startswith("node_iam_role_") for k in attrs) or {"create_node_iam_role", "create_access_entry", "access_entry_type",
                                                                     "enable_pod_identity", "create_pod_identity_association"} & set(attrs):
            return 20
        return None

    def _karpenter_node_name(self, mod: _Module) -> V | None:
        """The known name of the module's Karpenter node role (None when generated or not created)."""
        inst = mod.inst
        gen = self._karpenter_gen(mod)
        if gen is None:
            return None  # no node role input written: the default name prefix applies
        create_attr, name_attr, prefix_attr = (
            ("create_iam_role", "iam_role_name", "iam_role_use_name_prefix") if gen == 19
            else ("create_node_iam_role", "node_iam_role_name", "node_iam_role_use_name_prefix"))
        if known_bool(inst.get(create_attr)) is False or known_bool(inst.get(prefix_attr)) is not False:
            return None
        name = inst.get(name_attr)
        if name is None:
            cluster = known_str(inst.get("cluster_name"))
            return TfV(f"Karpenter-{cluster}", inst.span) if cluster is not None else None
        return name

    def _karpenter_controller_name(self, mod: _Module) -> V | None:
        inst = mod.inst
        gen = self._karpenter_gen(mod)
        if gen == 19:
            if known_bool(inst.get("create_irsa")) is False or known_bool(inst.get("irsa_use_name_prefix")) is not False:
                return None
            name = inst.get("irsa_name")
            if name is None:
                cluster = known_str(inst.get("cluster_name"))
                return TfV(f"KarpenterIRSA-{cluster}", inst.span) if cluster is not None else None
            return name
        if gen is None:
            return None
        if known_bool(inst.get("create_iam_role")) is False or known_bool(inst.get("iam_role_use_name_prefix")) is not False:
            return None
        return inst.get("iam_role_name") or TfV("KarpenterController", inst.span)

    def _read_modules(self) -> None:
        for mod in self.eks_modules:
            if mod.sub == "":
                self._eks_root(mod)
            elif mod.sub == "modules/karpenter":
                self._karpenter(mod)
            elif mod.sub == "modules/aws-auth":
                self._module_aws_auth(mod, manage_default=True)
            elif mod.sub in ("modules/eks-managed-node-group", "modules/self-managed-node-group"):
                self._node_group_submodule(mod)

    def _karpenter(self, mod: _Module) -> None:
        inst = mod.inst
        gen = self._karpenter_gen(mod)
        cluster_name = inst.get("cluster_name")
        base = f"module.{mod.name}"
        # node role
        create_attr, arn_attr, name_attr, use_prefix_attr, path_attr = (
            ("create_iam_role", "iam_role_arn", "iam_role_name", "iam_role_use_name_prefix", "iam_role_path") if gen == 19
            else ("create_node_iam_role", "node_iam_role_arn", "node_iam_role_name", "node_iam_role_use_name_prefix", "node_iam_role_path"))
        node_ref: RoleRef | None = None
        if known_bool(inst.get(create_attr)) is False:
            node_ref = self.role_ref(inst.get(arn_attr))
        else:
            name_attr_of = inst.block.attr(name_attr)
            span = name_attr_of.span if name_attr_of is not None else inst.span
            written = inst.get(name_attr)
            if gen is None and inst.block.attr("iam_role_name") is not None:
                written = None  # v19 node role or v20+ controller role: the version does not say
            cn = known_str(cluster_name)
            name_v = written or (TfV(f"Karpenter-{cn}", inst.span) if cn is not None else None)
            known_name = self._karpenter_node_name(mod)
            prefix = None
            use_prefix = inst.get(use_prefix_attr) if gen is not None else None
            prefix_certain = use_prefix is None or known_bool(use_prefix) is True  # unknown input: no guess
            if (known_name is None and name_v is not None and known_str(name_v) and prefix_certain
                    and not (gen is None and inst.block.attr("iam_role_name"))):
                prefix = TfV(f"{known_str(name_v)}-", name_v.span)
            outs = ("role_arn", "role_name", "role_unique_id") if gen == 19 else ("node_iam_role_arn", "node_iam_role_name", "node_iam_role_unique_id")
            real_name = known_name or unknown(span, ref=f"{base}.{outs[1]}")
            role = IamRole(f"{base}.aws_iam_role.node", real_name, span, SOURCE_KARPENTER, path=inst.get(path_attr),
                           name_prefix=prefix, trusted_services={"ec2.amazonaws.com"}, purpose="node", module_dir=self.scope)
            self.model.iam_roles.append(role)
            for o in outs:
                self.module_refs[f"{base}.{o}"] = role
            node_ref = RoleRef(unknown(span, ref=f"{base}.{outs[0]}"), role=role)
        self.module_profile_refs.update({f"{base}.instance_profile_name", f"{base}.instance_profile_arn", f"{base}.instance_profile_id"})
        # controller role
        ctrl_name = self._karpenter_controller_name(mod)
        creates_ctrl = (known_bool(inst.get("create_irsa")) is not False) if gen == 19 else (known_bool(inst.get("create_iam_role")) is not False)
        if gen is not None and creates_ctrl:
            attr = inst.block.attr("irsa_name" if gen == 19 else "iam_role_name")
            span = attr.span if attr else inst.span
            federated = gen == 19 or known_bool(inst.get("enable_irsa")) is True
            services = set() if gen == 19 else {"pods.eks.amazonaws.com"}
            ctrl_prefix = None
            if ctrl_name is None:
                written = inst.get("irsa_name" if gen == 19 else "iam_role_name")
                cn = known_str(cluster_name)
                base_name = known_str(written) if written is not None else ("KarpenterController" if gen != 19 else (f"KarpenterIRSA-{cn}" if cn else None))
                ctrl_prefix = TfV(f"{base_name}-", span) if base_name else None
            role = IamRole(f"{base}.aws_iam_role.controller", ctrl_name or unknown(span, ref=f"{base}.iam_role_name"), span,
                           SOURCE_KARPENTER, path=inst.get("irsa_path" if gen == 19 else "iam_role_path"), name_prefix=ctrl_prefix,
                           trusted_services=services, trusts_federated=federated, purpose="controller", module_dir=self.scope)
            self.model.iam_roles.append(role)
            for o in (("irsa_arn", "irsa_name") if gen == 19 else ("iam_role_arn", "iam_role_name", "iam_role_unique_id")):
                self.module_refs[f"{base}.{o}"] = role
            if ctrl_name is not None and known_str(ctrl_name):
                self.model.controller_roles.setdefault(known_str(ctrl_name) or "", span)
        # implicit access entry (v20+)
        if gen == 20 and known_bool(inst.get("create_access_entry")) is not False and node_ref is not None:
            etype = inst.get("access_entry_type") or TfV("EC2_LINUX", inst.span)
            attr = inst.block.attr("create_access_entry") or inst.block.attr("access_entry_type")
            self.model.access_entries.append(AccessEntry(
                SOURCE_KARPENTER, attr.span if attr else inst.span, principal=node_ref, type=etype, cluster_name=cluster_name,
                address=f"{base}.aws_eks_access_entry.node", module_dir=self.scope, implicit=True,
            ))

    def _eks_root(self, mod: _Module) -> None:
        inst = mod.inst
        major = mod.major
        attrs = inst.block.body.attrs
        v20_signals = {"access_entries", "authentication_mode", "enable_cluster_creator_admin_permissions"} & set(attrs)
        name = self._eks_cluster_name(mod)
        version = self._eks_input(mod, "kubernetes_version", "cluster_version")
        region = inst.get("region") if (major is None or major >= 21) else None
        if region is None:
            region = self.region_of(inst, module_providers=True)
        if major is None:
            default_mode = "API_AND_CONFIG_MAP" if v20_signals else None
        else:
            default_mode = "CONFIG_MAP" if major <= 19 else "API_AND_CONFIG_MAP"
        mode = inst.get("authentication_mode") if major is None or major >= 20 else None
        pub = self._eks_input(mod, "endpoint_public_access", "cluster_endpoint_public_access")
        priv = self._eks_input(mod, "endpoint_private_access", "cluster_endpoint_private_access")
        if major is not None:
            pub = pub or TfV(False, inst.span)
            priv = priv or TfV(True, inst.span)
        cluster = Cluster(
            SOURCE_EKS, inst.span, name=name, region=region, version=version, authentication_mode=mode,
            default_authentication_mode=default_mode,
            # v20 and v21 hard-code bootstrap_cluster_creator_admin_permissions = false
            bootstrap_admin=TfV(False, inst.span) if (major or 0) >= 20 or (major is None and v20_signals) else None,
            service_ipv4_cidr=self._eks_input(mod, "service_ipv4_cidr", "cluster_service_ipv4_cidr"),
            endpoint_private_access=priv, endpoint_public_access=pub, module_dir=self.scope, address=f"module.{mod.name}",
            ip_family=self._eks_input(mod, "ip_family", "cluster_ip_family"),
            public_access_cidrs=self._eks_input(mod, "endpoint_public_access_cidrs", "cluster_endpoint_public_access_cidrs"),
            outpost=self._eks_input(mod, "outpost_config", "outpost_config"),
        )
        self.model.clusters.append(cluster)
        groups_before, entries_before = len(self.model.node_groups), len(self.model.access_entries)
        self._eks_module_contents(mod, inst, major, name, region, v20_signals)
        # everything the module creates belongs to the module's own cluster, named or not
        for group in self.model.node_groups[groups_before:]:
            group.cluster = group.cluster or cluster
        for entry in self.model.access_entries[entries_before:]:
            entry.cluster = entry.cluster or cluster

    def _eks_module_contents(self, mod: _Module, inst: Inst, major: int | None, name: V | None,
                             region: V | None, v20_signals: bool) -> None:
        """Access entries, node groups and aws-auth of one terraform-aws-eks module call."""
        # access entries
        if major is None or major >= 20:
            entries = inst.get("access_entries")
            for key, e in entries.items() if entries is not None else []:
                self._module_entry(mod, key, e, name)
        # node groups
        for kind, attr, defaults in (("managed", "eks_managed_node_groups", "eks_managed_node_group_defaults"),
                                     ("self-managed", "self_managed_node_groups", "self_managed_node_group_defaults")):
            groups = inst.get(attr)
            dflt = inst.get(defaults)
            for key, g in groups.items() if groups is not None else []:
                if not g.is_map:
                    continue
                merged = TfV({**(dflt.value if dflt is not None and dflt.is_map else {}), **g.value}, g.span, key_span=g.key_span)
                if known_bool(_get(merged, "create")) is False:
                    continue
                self._module_group(mod, kind, key, merged, name, region)
        profiles = inst.get("fargate_profiles")
        for key, fp in profiles.items() if profiles is not None else []:
            if fp.is_map and known_bool(_get(fp, "create")) is not False and known_bool(_get(fp, "create_iam_role")) is False:
                self.model.fargate_profiles.append(m.FargateProfile(
                    SOURCE_EKS, fp.key_span or fp.span or inst.span, name=_get(fp, "name") or TfV(key, fp.key_span or inst.span),
                    cluster_name=name, role=self.role_ref(_get(fp, "iam_role_arn")),
                    address=f"module.{mod.name}.fargate_profiles[{json.dumps(key)}]", module_dir=self.scope))
        if (major is not None and major <= 19) or (major is None and not v20_signals):
            manage = known_bool(inst.get("manage_aws_auth_configmap")) or known_bool(inst.get("create_aws_auth_configmap"))
            if manage:
                self._module_aws_auth(mod, manage_default=False)

    def _module_entry(self, mod: _Module, key: str, e: V, cluster_name: V | None) -> None:
        if not e.is_map:
            return
        groups_v = _get(e, "kubernetes_groups")
        policies = []
        assoc = _get(e, "policy_associations")
        for _, p in assoc.items() if assoc is not None else []:
            policies.append(AccessPolicy(_get(p, "policy_arn"), p.key_span or p.span or mod.inst.span,
                                         scope_type=_get(p, "access_scope", "type"), namespaces=_get(p, "access_scope", "namespaces")))
        self.model.access_entries.append(AccessEntry(
            SOURCE_EKS, e.key_span or e.span or mod.inst.span, principal=self.role_ref(_get(e, "principal_arn")),
            type=_get(e, "type"), groups=groups_v.list() if groups_v is not None and groups_v.is_list else None,
            groups_value=groups_v, username=_get(e, "user_name"), cluster_name=cluster_name, policies=policies,
            address=f"module.{mod.name}.access_entries[{json.dumps(key)}]", module_dir=self.scope,
        ))

    def _module_group(self, mod: _Module, kind: str, key: str, g: V, cluster_name: V | None, region: V | None) -> None:
        major = mod.major
        span = g.key_span or g.span or mod.inst.span
        base = f"module.{mod.name}.{'eks_managed_node_groups' if kind == 'managed' else 'self_managed_node_groups'}[{json.dumps(key)}]"
        name = _get(g, "name") or TfV(key, span)
        ami_type = _get(g, "ami_type")
        family_value = ami_type
        if ami_type is None:
            if major is not None and major >= 21:
                family_value = TfV("AL2023_x86_64_STANDARD", span)
            elif kind == "self-managed" and major == 20:
                family_value = TfV("AL2_x86_64", span)
        version = _get(g, "kubernetes_version") if major is None or major >= 21 else None
        if version is None and (major is None or major <= 20):
            version = _get(g, "cluster_version")
        ami_id = _get(g, "ami_id")
        # role
        role_ref: RoleRef | None
        create_attr = "create_iam_role" if kind == "managed" else "create_iam_instance_profile"
        if known_bool(_get(g, create_attr)) is False:
            role_ref = self.role_ref(_get(g, "iam_role_arn"))
        else:
            default_name = f"{known_str(name)}-eks-node-group" if kind == "managed" else f"{known_str(name)}-node-group"
            role_name = _get(g, "iam_role_name") or (TfV(default_name, span) if known_str(name) else None)
            prefix: V | None = None
            real: V | None = role_name
            if known_bool(_get(g, "iam_role_use_name_prefix")) is not False:
                prefix = TfV(f"{known_str(role_name)}-", role_name.span) if role_name is not None and known_str(role_name) else None
                real = unknown(span, ref=f"{base}.iam_role_name")
            role = IamRole(f"{base}.iam_role", real or unknown(span, ref=f"{base}.iam_role_name"), span, SOURCE_EKS,
                           path=_get(g, "iam_role_path"), name_prefix=prefix, trusted_services={"ec2.amazonaws.com"},
                           purpose="node", module_dir=self.scope)
            self.model.iam_roles.append(role)
            for o in ("iam_role_arn", "iam_role_name", "iam_role_unique_id"):
                self.module_refs[f"{base}.{o}"] = role
            role_ref = RoleRef(unknown(span, ref=f"{base}.iam_role_arn"), role=role)
        self.module_profile_refs.update({f"{base}.iam_instance_profile_arn", f"{base}.iam_instance_profile_id"})
        # bootstrap
        template_path = _get(g, "user_data_template_path")
        boot: NodeBootstrap | None = None
        own_lt = self._lt_from(_get(g, "launch_template_id"))
        if own_lt is not None and known_bool(_get(g, "create_launch_template")) is False:
            # an existing launch template of this configuration: its user data is what nodes get
            own_lt.used_by.append(kind)
            boot = self._lt_boot(own_lt)
            image = own_lt.image_id
            if boot is not None:
                boot.cluster_details_supplied = kind == "managed" and image is None and ami_id is None
                boot.region = boot.region or region
            ami_id = ami_id or image
        elif template_path is None:
            parts: list[tuple[V | None, V | None]] = []
            pre = _get(g, "pre_bootstrap_user_data")
            if pre is not None:
                parts.append((None, pre))
            nodeadm = _get(g, "cloudinit_pre_nodeadm")
            for item in nodeadm.list() if nodeadm is not None else []:
                parts.append((_get(item, "content_type"), _get(item, "content")))
            boot = self._parts_bootstrap(parts, mod.source, span) if parts else None
            if boot is not None:
                if kind == "managed":
                    boot.cluster_details_supplied = ami_id is None or known_bool(_get(g, "enable_bootstrap_user_data")) is True
                else:
                    boot.cluster_details_supplied = True  # the module renders the cluster section itself
                boot.region = region
                self.model.bootstraps.append(boot)
        else:  # the module renders this template with the cluster's details
            src = self._text_source(self._module_template(mod, g, template_path, span))
            boot = self._boot_from_text(src, mod.source) if src is not None else None
            if boot is not None:
                boot.cluster_details_supplied = kind == "managed" and ami_id is None
                boot.region = region
                self.model.bootstraps.append(boot)
        group = NodeGroup(
            kind, mod.source, span, name=name, cluster_name=cluster_name, region=region, version=version,
            release_version=_get(g, "ami_release_version"), ami_family=ami_family_of_type(known_str(family_value)),
            ami_family_value=family_value, custom_ami=ami_id, role=role_ref, bootstrap=boot, value=g,
            module_dir=self.scope, address=base, min_size=_get(g, "min_size"), max_size=_get(g, "max_size"),
            desired_size=_get(g, "desired_size"), labels=_get(g, "labels") if kind == "managed" else None,
            taints=_module_taints(_get(g, "taints")) if kind == "managed" else [],
            instance_types=(_get(g, "instance_types") or TfV([], None)).list(),
        )
        self.model.node_groups.append(group)
        if kind == "self-managed" and (major is None or major >= 20) and known_bool(_get(g, "create_access_entry")) is not False:
            if major is None and not ({"access_entries", "authentication_mode"} & set(mod.inst.block.body.attrs)):
                return  # v19 creates no access entries; the version does not say
            etype: V
            t = known_str(family_value)
            platform = known_str(_get(g, "platform"))
            if family_value is not None and t is None:
                etype = unknown(span)
            elif (t or "").upper().startswith("WINDOWS_") or platform == "windows":
                etype = TfV("EC2_WINDOWS", span)
            else:
                etype = TfV("EC2_LINUX", span)
            self.model.access_entries.append(AccessEntry(
                SOURCE_EKS, span, principal=role_ref, type=etype, cluster_name=cluster_name,
                address=f"{base}.aws_eks_access_entry.this", module_dir=self.scope, implicit=True,
            ))

    def _module_template(self, mod: _Module, g: V, path: V, span: Span) -> V | None:
        """`user_data_template_path` rendered as the module's user-data submodule renders it."""
        got = self.ev._read_module_file(path)
        if got is None or got[0] is None:
            return None
        text, display, _ = got
        names = tf_userdata.module_template_vars(lambda k: _get(g, k), f"module.{mod.name}", span)
        out = self.ev.render_template(text, display, names, path.span or span)
        if isinstance(out, TfV):
            out.func = "templatefile"
        return out

    def _node_group_submodule(self, mod: _Module) -> None:
        """The node-group submodules called directly: their inputs are one group's settings."""
        inst = mod.inst
        kind = "managed" if mod.sub.endswith("eks-managed-node-group") else "self-managed"
        g = inst.value()
        g.key_span = inst.block.label_spans[0] if inst.block.label_spans else None
        name = inst.get("name") or TfV(mod.name, inst.span)
        g.value.setdefault("name", name)
        if mod.major is not None and mod.major <= 20 and inst.get("cluster_version") is not None:
            g.value["cluster_version"] = inst.get("cluster_version")
        self._module_group(mod, kind, known_str(name) or mod.name, g, inst.get("cluster_name"), self.region_of(inst, module_providers=True))

    def _module_aws_auth(self, mod: _Module, manage_default: bool) -> None:
        """The aws-auth ConfigMap written by the v19 root module or the v20 ``modules/aws-auth``.

        ``data`` holds the three inputs (unknown when they are), so rules can tell an empty
        ConfigMap from one whose entries are not known. The v19 root module also maps the node
        roles it creates (managed and self-managed groups); those mappings are added, marked by
        the group's position.
        """
        from ekslint.extract.aws_auth import mappings_from_value

        inst = mod.inst
        manage = known_bool(inst.get("manage_aws_auth_configmap"))
        create = known_bool(inst.get("create_aws_auth_configmap"))
        if not ((manage if manage is not None else manage_default) or create):
            return
        data: dict[str, V] = {}
        auth = AwsAuth(SOURCE_EKS, inst.span, name=TfV("aws-auth", inst.span), namespace=TfV("kube-system", inst.span),
                       module_dir=self.scope, manager="terraform-aws-eks" + (f"//{mod.sub}" if mod.sub else ""),
                       address=f"module.{mod.name}")
        for attr, key in (("aws_auth_roles", "mapRoles"), ("aws_auth_users", "mapUsers"), ("aws_auth_accounts", "mapAccounts")):
            v = inst.get(attr)
            data[key] = v if v is not None else TfV([], inst.span)
            if v is not None and v.is_list:
                auth.mappings.extend(self._fix_roles(mappings_from_value(v, key, SOURCE_EKS)))
        auth.data = TfV(data, inst.span)
        if mod.sub == "":
            prefix = f"module.{mod.name}."
            nodes: list[tuple[RoleRef, Span, bool]] = []
            for group in self.model.node_groups:
                if group.address.startswith(prefix) and group.module_dir == self.scope and group.role is not None:
                    platform = known_str(_get(group.value, "platform"))
                    nodes.append((group.role, group.span, group.ami_family == m.WINDOWS or platform == "windows"))
            for attr, windows in (("aws_auth_node_iam_role_arns_non_windows", False), ("aws_auth_node_iam_role_arns_windows", True)):
                extra = inst.get(attr)
                for arn in extra.list() if extra is not None else []:
                    ref = self.role_ref(arn)
                    if ref is not None:
                        nodes.append((ref, arn.where() or inst.span, windows))
            for ref, span, windows in nodes:
                groups = [TfV("system:bootstrappers", span), TfV("system:nodes", span)]
                if windows:
                    groups.append(TfV("eks:kube-proxy-windows", span))
                auth.mappings.append(m.RoleMapping(
                    "role", SOURCE_EKS, span, arn=ref.value, username=TfV("system:node:{{EC2PrivateDNSName}}", span),
                    groups=groups, groups_value=TfV(groups, span), role=ref,
                ))
        self.model.aws_auth.append(auth)

    # -- documents -------------------------------------------------------------------------
    def _documents(self) -> None:
        for sf, body in self.files:
            root: dict[str, V] = {}
            for b in body.blocks:
                inst = Inst(self, b, {}, b.type)
                if b.type == "locals":
                    group = root.setdefault("locals", TfV({}, b.span))
                    for name, a in b.body.attrs.items():
                        v = self.ev.local(name, a.span) if self.env.locals.get(name) is a else inst.raw(name)
                        if v is not None:
                            v = h.respan(v, v.span)
                            v.key_span = a.name_span
                            group.value[name] = v
                    continue
                val = inst.value()
                if b.labels:
                    val.key_span = b.label_spans[-1] if b.label_spans else None
                if not b.labels:
                    lst = root.setdefault(b.type, TfV([], b.span))
                    if lst.is_list:
                        lst.value.append(val)
                    continue
                node = root.setdefault(b.type, TfV({}, b.span))
                for label in b.labels[:-1]:
                    if not node.is_map:
                        break
                    node = node.value.setdefault(label, TfV({}, b.span))
                if node.is_map:
                    if b.type == "provider":
                        lst = node.value.setdefault(b.labels[-1], TfV([], b.span))
                        if lst.is_list:
                            lst.value.append(val)
                    else:
                        node.value.setdefault(b.labels[-1], val)
            self.documents.append(Document(sf, kinds.TERRAFORM, TfV(root, Span(sf.display, 1))))

    # -- local modules ---------------------------------------------------------------------
    def _read_local_modules(self) -> None:
        tree = self.tree
        if tree is None:
            return
        depth = self.call.depth + 1 if self.call is not None else 1
        stack = (*self.call.stack, self.dir) if self.call is not None else (self.dir,)
        for block, target in tree.calls.get(self.dir, []):
            if target in stack or depth > tm.MAX_DEPTH:
                continue  # a cycle, or nested too deep: read on its own
            tree.reached.add(target)
            name = block.labels[0]
            insts = self.instances(block, f"module.{name}")
            for inst in insts:
                if tree.instances >= tm.MAX_INSTANCES * max(len(tree.parsed), 1):
                    return
                tree.instances += 1
                child = self._instantiate(inst, target, depth, stack)
                if len(insts) == 1 and block.attr("count") is None and block.attr("for_each") is None:
                    self._link_outputs(name, child)

    def _instantiate(self, inst: Inst, target: str, depth: int, stack: tuple[str, ...]) -> ModuleReader:
        assert self.tree is not None
        roles: dict[str, IamRole] = {}
        profiles: set[str] = set()
        inputs: dict[str, V] = {}
        for k in inst.block.body.attrs:
            if k in META_ARGS:
                continue
            v = inst.get(k)
            if v is not None:  # null: the module's default applies
                inputs[k] = self._foreign(v, inst.address, roles, profiles, target)
        providers: dict[str, V] = {}
        if "aws" in self.providers:
            providers["aws"] = self.providers["aws"]
        mapping = inst.block.attr("providers")
        ref = self.ev.object_reference(mapping.expr, "aws") if mapping is not None else None
        if mapping is not None and ref is not None:
            providers["aws"] = self.providers.get(ref) or unknown(mapping.span, ref=f"provider.{ref}.region")
        call = _Call(inst.block, inst.address, inputs, providers, roles, profiles, self.scope, depth, stack)
        files = self.tree.parsed[target]
        child = ModuleReader(target, self.tree.dir_paths.get(target), self.env.scan_root, files, [], set(), self.model,
                             tree=self.tree, call=call)
        child.read_instance(inst.block.span, inst.address)
        self.documents.extend(child.documents)
        self.problems.extend(child.problems)
        return child

    def read_instance(self, call: Span, address: str | None) -> None:
        """`read` this module as an instance called at `call`, then mark what it created with the
        call (`tf_modules.Stamper`; `address` None for a root module run by Terragrunt)."""
        keep = tm.existing(self.model)
        before = tm.snapshot(self.model)
        self.read()
        objs, keys = tm.added_since(self.model, before)
        stamper = tm.Stamper(set(self.sources) | self.ev.files_read, call, address, keep)
        self.stamper = stamper
        for o in objs:
            stamper.walk(o)
        for mapping, key in keys:
            mapping[key] = stamper.walk(mapping[key])
        for doc in self.documents:
            stamper.walk(doc.root)
        self.problems = [LoadProblem(stamper.span(p.span), p.message, p.code, p.level) for p in self.problems]

    def _foreign(self, v: V, call_address: str, roles: dict[str, IamRole], profiles: set[str], target: str) -> V:
        """A copy of an argument value whose references to this module's objects cannot resolve
        inside the called module; the roles and instance profiles they name are handed over, and a
        file name built on this module's ``path.module`` keeps naming the same file there."""

        def copy(x: V) -> V:
            out = h.respan(x, x.span)
            if isinstance(out, TfV) and out.module_path is not None:
                out.module_path = posixpath.relpath(posixpath.normpath(posixpath.join(self.dir, out.module_path)), target)
            if isinstance(x.value, dict):
                out.value = {k: copy(c) for k, c in x.value.items()}
            elif isinstance(x.value, list):
                out.value = [copy(c) for c in x.value]
            r = x.ref
            if r and not r.startswith(tm.LOCAL_ROOTS):
                new = tm.foreign_ref(r, call_address)
                rr = self.role_ref(x)
                if rr is not None and rr.role is not None:
                    roles[new] = rr.role
                if rr is not None and rr.is_instance_profile:
                    profiles.add(new)
                out.ref = new
            return out

        return copy(v)

    def _link_outputs(self, name: str, child: ModuleReader) -> None:
        """Make the outputs of a called module known to this module, and the roles they name."""
        for b in child.env.blocks:
            if b.type != "output" or not b.labels:
                continue
            out_name = b.labels[0]
            value_attr = b.attr("value")
            if value_attr is None:
                continue
            v = child.ev.attr(value_attr)
            if v is None:
                continue
            key = f"module.{name}.{out_name}"
            rr = child.role_ref(v)  # before the instance's references get its prefix
            if child.stamper is not None:
                child.stamper.walk(v)
            if rr is not None and rr.role is not None:
                self.module_refs[key] = rr.role
            if rr is not None and rr.is_instance_profile:
                self.module_profile_refs.add(key)
            if (name, out_name) not in self.env.module_outputs:
                self.env.module_outputs[(name, out_name)] = (lambda got=v: got)

    # -- all -------------------------------------------------------------------------------
    def read(self) -> None:
        self._find_modules()
        self._read_providers()
        self._read_roles()
        self._read_launch_templates()
        self._read_local_modules()
        self._enable_modules()
        self._read_modules()
        self._read_clusters()
        self._read_node_groups()
        self._read_self_managed()
        self._orphan_launch_templates()
        self._read_access_entries()
        self._read_fargate_profiles()
        self._read_aws_auth()
        self._read_manifests()
        from ekslint.extract.tf_helm import read_helm_releases

        self.helm_releases = read_helm_releases(self)
        self._controller_roles()
        self._documents()


def parse_partial_yaml(text: str, file: str, line: int, col: int, src: V | None) -> list[V]:
    """YAML written in Terraform text whose first character is at `line`, `col` of `file` (line 0:
    positions from 1:1). With `src`, the value the text was rendered from, the parts it leaves
    unknown stay unknown values with the references they came from. Raises YamlLoadError."""
    from ekslint.load.yaml_docs import parse_yaml

    docs = parse_yaml(_yaml_safe(text), file, max(line - 1, 0), max(col - 1, 0))
    for d in docs:
        _unsafe_tree(d)
        if src is not None:
            _restore_tree(d, src)
    return docs


def _yaml_safe(text: str) -> str:
    return text.replace(UNKNOWN_CHAR, STAND_IN)


def _unsafe(x: str) -> str:
    return x.replace(STAND_IN, UNKNOWN_CHAR)


def _unsafe_tree(root: V) -> V:
    """Put `UNKNOWN_CHAR` back where `_yaml_safe` replaced it (in place)."""
    stack = [root]
    while stack:
        cur = stack.pop()
        if isinstance(cur.value, str) and STAND_IN in cur.value:
            cur.value = _unsafe(cur.value)
        elif cur.is_map and any(STAND_IN in k for k in cur.value):
            cur.value = {_unsafe(k): c for k, c in cur.value.items()}
        if cur.is_map:
            stack.extend(cur.value.values())
        elif cur.is_list:
            stack.extend(cur.value)
    return root


def _unsafe_boot(boot: NodeBootstrap | None) -> NodeBootstrap | None:
    if boot is not None:
        for d in boot.nodeconfigs:
            _unsafe_tree(d)
        for call in boot.bootstrap_calls:
            for w in call:
                _unsafe_tree(w)
    return boot


def _restore_tree(root: V, src: V) -> None:
    """Give YAML scalars that stand for one unknown template part their reference back (in place)."""
    stack = [root]
    while stack:
        cur = stack.pop()
        if cur.is_map:
            for k, c in list(cur.value.items()):
                cur.value[k] = h.restore_unknown(c, src)
                stack.append(c)
        elif cur.is_list:
            for i, c in enumerate(cur.value):
                cur.value[i] = h.restore_unknown(c, src)
                stack.append(c)


def _principal_key(v: V | None) -> tuple[str, str] | None:
    if v is None:
        return None
    if v.known and isinstance(v.value, str):
        return ("s", v.value)
    if v.ref:
        return ("r", v.ref)
    if v.partial:
        return ("p", v.partial)
    return None


def _eks_module_source(src: str) -> tuple[str, str | None] | None:
    """(submodule path, version from a git ref) when `src` is terraform-aws-modules/eks; else None."""
    s = src.strip()
    ref_version = None
    if "?" in s:
        s, query = s.split("?", 1)
        mt = re.search(r"(?:^|&)ref=([^&]+)", query)
        if mt:
            ref_version = mt.group(1)
    s = re.sub(r"^(git::|github\.com/)", lambda mt: "" if mt.group(1) == "git::" else mt.group(1), s)
    s = re.sub(r"^[a-z+]+://", "", s)  # https://, ssh://, git+ssh://
    s = re.sub(r"^git@", "", s).replace("registry.terraform.io/", "").replace("github.com:", "github.com/")
    sub = ""
    if "//" in s:
        s, sub = s.split("//", 1)
        sub = sub.strip("/")
    s = s.removesuffix(".git").rstrip("/")
    if not any(s.endswith(x) for x in EKS_MODULE_SOURCES):
        return None
    return sub, ref_version


def _major(version: str | None) -> int | None:
    """The major version a module version constraint selects, when it selects exactly one."""
    if not version:
        return None
    majors: set[int] = set()
    lower: int | None = None
    upper: int | None = None  # exclusive
    for part in version.split(","):
        mt = re.match(r"^\s*(~>|>=|<=|=|!=|>|<|v)?\s*v?(\d+)(?:\.(\d+))?(?:\.(\d+))?", part)
        if not mt:
            return None
        op, major = mt.group(1) or "=", int(mt.group(2))
        if op in ("=", "v"):
            majors.add(major)
        elif op == "~>":
            if mt.group(3) is None:
                return None  # "~> 20" allows any later major
            majors.add(major)
        elif op in (">=", ">"):
            lower = major if lower is None else max(lower, major)
        elif op == "<":
            bound = major if (mt.group(3) in (None, "0") and (mt.group(4) in (None, "0"))) else major + 1
            upper = bound if upper is None else min(upper, bound)
        elif op == "<=":
            upper = major + 1 if upper is None else min(upper, major + 1)
    if len(majors) == 1:
        return majors.pop()
    if majors:
        return None
    if lower is not None and upper is not None and upper - lower == 1:
        return lower
    return None

