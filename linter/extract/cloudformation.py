"""CloudFormation templates (YAML or JSON) → clusters, node groups, access entries, roles, user data.

The YAML loader reads the short forms (``!Ref X``, ``!Sub ...``) as their long forms
(``{"Ref": "X"}``, ``{"Fn::Sub": ...}``), so one reader serves YAML and JSON templates. Intrinsic
functions are evaluated only as far as the template itself says: ``Ref`` and ``Fn::GetAtt`` give
an unknown value whose ``ref`` names the logical ID (``NodeRole``, ``NodeRole.Arn``), since
parameters, pseudo parameters and resource attributes are known only when the stack is deployed;
``Fn::Sub`` and ``Fn::Join`` give the known text, or a partial one with the unknown parts replaced
by `UNKNOWN_CHAR`; ``Fn::FindInMap`` and ``Fn::Select`` over literals are read; anything else
(``Fn::If``, ``Fn::ImportValue``, ...) is unknown.

Launch template user data (``Fn::Base64`` of a literal or of ``Fn::Sub``) is read as written,
``${...}`` placeholders left as placeholders, and linked to the node groups that use it.
"""

from __future__ import annotations

import re

from ekslint import model as m
from ekslint.documents import Document
from ekslint.extract.userdata import bootstrap_from_user_data
from ekslint.model import AccessEntry, AccessPolicy, Cluster, IamRole, Model, NodeBootstrap, NodeGroup, RoleRef
from ekslint.values import UNKNOWN_CHAR, Span, V, known_str

SOURCE = "cloudformation"

_SUB_VAR = re.compile(r"\$\{(!?)([^}]*)\}")


def _unknown(like: V, ref: str | None = None, partial: str | None = None) -> V:
    return V(None, like.span, key_span=like.key_span, known=False, ref=ref, partial=partial)


def _ami_family_of_type(ami_type: str | None) -> str | None:
    from ekslint.extract.terraform import ami_family_of_type

    return ami_family_of_type(ami_type)


class _Template:
    def __init__(self, doc: Document, model: Model) -> None:
        self.doc = doc
        self.model = model
        self.file = doc.file.display
        res = doc.root.get("Resources")
        self.resources: dict[str, V] = {k: r for k, r in res.items() if r.is_map} if res is not None else {}
        self.mappings = doc.root.get("Mappings")
        self.roles: dict[str, IamRole] = {}
        self.clusters: dict[str, Cluster] = {}
        self.lt_boots: dict[str, NodeBootstrap | None] = {}
        self.lt_used: set[str] = set()

    # -- intrinsic functions ---------------------------------------------------------------
    def ev(self, v: V | None, depth: int = 0) -> V | None:
        """`v` with intrinsic functions evaluated (a new tree; `v` is not changed)."""
        if v is None or not v.known or depth > 50:
            return v
        if isinstance(v.value, dict):
            if len(v.value) == 1:
                (key, arg), = v.value.items()
                if key == "Ref" or key.startswith("Fn::"):
                    return self._function(v, key, arg, depth)
            return V({k: self.ev(c, depth + 1) for k, c in v.value.items()}, v.span, key_span=v.key_span)
        if isinstance(v.value, list):
            return V([self.ev(c, depth + 1) for c in v.value], v.span, key_span=v.key_span)  # type: ignore[misc]
        return v

    def _function(self, v: V, key: str, arg: V, depth: int) -> V:
        if key == "Ref":
            target = known_str(arg)
            return _unknown(v, ref=target)
        if key == "Fn::GetAtt":
            if arg.is_str:
                return _unknown(v, ref=arg.value)
            parts = [known_str(p) for p in arg.list()]
            return _unknown(v, ref=".".join(p for p in parts if p) if all(parts) and parts else None)
        if key == "Fn::Sub":
            return self._sub(v, arg, depth)
        if key == "Fn::Join":
            items = arg.list()
            if len(items) != 2 or known_str(items[0]) is None:
                return _unknown(v)
            parts = self.ev(items[1], depth + 1)
            if parts is None or not parts.is_list:
                return _unknown(v)
            texts = [_text_part(p) for p in parts.list()]
            text = known_str(items[0]).join(texts)  # type: ignore[union-attr]
            return V(text, v.span, key_span=v.key_span) if UNKNOWN_CHAR not in text else _unknown(v, partial=text)
        if key == "Fn::Select":
            items = arg.list()
            if len(items) == 2:
                idx = self.ev(items[0], depth + 1)
                seq = self.ev(items[1], depth + 1)
                i = idx.scalar() if idx is not None else None
                if isinstance(i, str) and i.isdigit():
                    i = int(i)
                if isinstance(i, int) and not isinstance(i, bool) and seq is not None and seq.is_list and 0 <= i < len(seq.value):
                    return seq.value[i]
            return _unknown(v)
        if key == "Fn::FindInMap":
            keys = [self.ev(p, depth + 1) for p in arg.list()]
            names = [known_str(k) for k in keys]
            if len(names) == 3 and all(names) and self.mappings is not None:
                found = self.mappings.get(*names)  # type: ignore[arg-type]
                if found is not None:
                    return self.ev(found, depth + 1) or _unknown(v)
            return _unknown(v)
        if key == "Fn::Base64":
            inner = self.ev(arg, depth + 1)
            return V(None, v.span, key_span=v.key_span, known=False, origin=inner)
        return _unknown(v)  # Fn::If, Fn::ImportValue, Fn::GetAZs, Fn::Split, ...: known at deploy time

    def _sub(self, v: V, arg: V, depth: int) -> V:
        if arg.is_str:
            template, variables = arg.value, None
        else:
            items = arg.list()
            if not items or not items[0].is_str:
                return _unknown(v)
            template = items[0].value
            variables = self.ev(items[1], depth + 1) if len(items) > 1 else None
        whole = _SUB_VAR.fullmatch(template)

        def repl(mt: re.Match[str]) -> str:
            if mt.group(1):
                return "${" + mt.group(2) + "}"  # ${!Literal} is the text ${Literal}
            val = variables.get(mt.group(2)) if variables is not None and variables.is_map else None
            text = _text_part(val) if val is not None else UNKNOWN_CHAR
            return text

        text = _SUB_VAR.sub(repl, template)
        if UNKNOWN_CHAR not in text:
            return V(text, v.span, key_span=v.key_span)
        ref = whole.group(2) if whole is not None and not whole.group(1) else None
        return _unknown(v, ref=ref, partial=text)

    # -- resources -------------------------------------------------------------------------
    def of_type(self, *types: str) -> list[tuple[str, V, V]]:
        """(logical ID, resource, evaluated Properties) of the resources of these types."""
        out = []
        for lid, res in self.resources.items():
            if res.str("Type") in types:
                props = self.ev(res.get("Properties")) or V({}, res.where())
                if not props.is_map:
                    props = V({}, res.where())
                out.append((lid, res, props))
        return out

    def span_of(self, res: V) -> Span:
        return res.key_span or res.where() or Span(self.file, 1)

    def target(self, v: V | None) -> str | None:
        """The logical ID a `Ref` / `Fn::GetAtt` value points at."""
        if v is None or v.known or not v.ref:
            return None
        return v.ref.split(".", 1)[0]

    def role_ref(self, v: V | None) -> RoleRef | None:
        if v is None:
            return None
        lid = self.target(v)
        role = self.roles.get(lid) if lid and (v.ref == lid or v.ref == f"{lid}.Arn") else None
        return RoleRef(v, role=role)

    def link_cluster(self, name: V | None) -> Cluster | None:
        lid = self.target(name)
        return self.clusters.get(lid) if lid and name is not None and name.ref == lid else None

    def read(self) -> None:
        self._roles()
        self._clusters()
        self._node_groups()
        self._access_entries()
        self._orphan_launch_templates()

    def _roles(self) -> None:
        for lid, res, p in self.of_type("AWS::IAM::Role"):
            span = self.span_of(res)
            name = p.get("RoleName") or V(None, span, known=False, ref=lid)
            services: set[str] = set()
            federated = False
            for st in _as_list(p.get("AssumeRolePolicyDocument", "Statement")):
                principal = st.get("Principal")
                if principal is None or not principal.is_map:
                    continue
                for s in _as_list(principal.get("Service")):
                    if known_str(s):
                        services.add(s.value)
                federated = federated or principal.get("Federated") is not None
            role = IamRole(lid, name, span, SOURCE, path=p.get("Path"), trusted_services=services,
                           trusts_federated=federated, module_dir=_dir_of(self.file))
            self.roles[lid] = role
            self.model.iam_roles.append(role)

    def _clusters(self) -> None:
        for lid, res, p in self.of_type("AWS::EKS::Cluster"):
            span = self.span_of(res)
            access = p.get("AccessConfig")
            net = p.get("KubernetesNetworkConfig")
            vpc = p.get("ResourcesVpcConfig")
            cluster = Cluster(
                SOURCE, span, name=p.get("Name") or V(None, span, known=False, ref=lid), version=p.get("Version"),
                authentication_mode=access.get("AuthenticationMode") if access is not None else None,
                default_authentication_mode="CONFIG_MAP",
                bootstrap_admin=access.get("BootstrapClusterCreatorAdminPermissions") if access is not None else None,
                service_ipv4_cidr=net.get("ServiceIpv4Cidr") if net is not None else None,
                endpoint_private_access=vpc.get("EndpointPrivateAccess") if vpc is not None else None,
                endpoint_public_access=vpc.get("EndpointPublicAccess") if vpc is not None else None,
                public_access_cidrs=vpc.get("PublicAccessCidrs") if vpc is not None else None,
                ip_family=net.get("IpFamily") if net is not None else None,
                outpost=p.get("OutpostConfig"), module_dir=_dir_of(self.file), address=lid,
            )
            self.clusters[lid] = cluster
            self.model.clusters.append(cluster)

    def _launch_template(self, spec: V | None) -> tuple[str | None, V | None]:
        """The logical ID of the launch template a node group's `LaunchTemplate` names, and its image."""
        if spec is None or not spec.is_map:
            return None, None
        lid = self.target(spec.get("Id"))
        if lid is None:
            name = known_str(spec.get("Name"))
            if name:
                for other, _res, p in self.of_type("AWS::EC2::LaunchTemplate"):
                    if known_str(p.get("LaunchTemplateName")) == name:
                        lid = other
                        break
        res = self.resources.get(lid) if lid else None
        if res is None or res.str("Type") != "AWS::EC2::LaunchTemplate":
            return None, None
        data = self.ev(res.get("Properties", "LaunchTemplateData"))
        return lid, data.get("ImageId") if data is not None else None

    def lt_boot(self, lid: str) -> NodeBootstrap | None:
        if lid not in self.lt_boots:
            self.lt_boots[lid] = boot = self._user_data(self.resources[lid].get("Properties", "LaunchTemplateData", "UserData"))
            if boot is not None:
                self.model.bootstraps.append(boot)
        return self.lt_boots[lid]

    def _user_data(self, v: V | None) -> NodeBootstrap | None:
        """User data written as `Fn::Base64` of a literal or of `Fn::Sub` (placeholders kept)."""
        if v is None or not v.is_map or set(v.value) != {"Fn::Base64"}:
            return None
        inner = v.value["Fn::Base64"]
        if inner.is_map and set(inner.value) == {"Fn::Sub"}:
            inner = inner.value["Fn::Sub"]
            if inner.is_list and inner.value:
                inner = inner.value[0]
        if not inner.is_str or inner.span is None:
            return None
        line, col = _text_start(inner, self.doc.file.lines)
        boot = bootstrap_from_user_data(inner.value, self.file, line, source=SOURCE, col=col)
        if boot is not None and (line, col) == (inner.span.line, inner.span.col) and "\n" in inner.value:
            _pin(boot, inner.span)  # a quoted string (JSON): its lines are not the file's lines
        return boot

    def _node_groups(self) -> None:
        for lid, res, p in self.of_type("AWS::EKS::Nodegroup"):
            span = self.span_of(res)
            ami_type = p.get("AmiType")
            lt_lid, image = self._launch_template(p.get("LaunchTemplate"))
            family = _ami_family_of_type(known_str(ami_type))
            cluster_name = p.get("ClusterName")
            group = NodeGroup(
                "managed", SOURCE, span, name=p.get("NodegroupName") or V(None, span, known=False, ref=lid),
                cluster_name=cluster_name, cluster=self.link_cluster(cluster_name), version=p.get("Version"),
                release_version=p.get("ReleaseVersion"), ami_family=family, ami_family_value=ami_type if family else None,
                custom_ami=image, role=self.role_ref(p.get("NodeRole")), value=p, module_dir=_dir_of(self.file),
                address=lid,
            )
            scaling = p.get("ScalingConfig")
            if scaling is not None:
                group.min_size, group.max_size = scaling.get("MinSize"), scaling.get("MaxSize")
                group.desired_size = scaling.get("DesiredSize")
            group.labels = p.get("Labels")
            group.taints = [m.Taint(t.where() or span, "eks-api", key=t.get("Key"), value=t.get("Value"), effect=t.get("Effect"))
                            for t in _as_list(p.get("Taints")) if t.is_map]
            group.instance_types = _as_list(p.get("InstanceTypes"))
            if lt_lid is not None:
                self.lt_used.add(lt_lid)
                boot = self.lt_boot(lt_lid)
                if boot is not None:
                    boot.cluster_details_supplied = image is None and (known_str(ami_type) or "").upper() != "CUSTOM"
                    group.bootstrap = boot
            self.model.node_groups.append(group)

    def _access_entries(self) -> None:
        for lid, res, p in self.of_type("AWS::EKS::AccessEntry"):
            span = self.span_of(res)
            groups_v = p.get("KubernetesGroups")
            cluster_name = p.get("ClusterName")
            entry = AccessEntry(
                SOURCE, span, principal=self.role_ref(p.get("PrincipalArn")), type=p.get("Type"),
                groups=groups_v.list() if groups_v is not None and groups_v.is_list else None, groups_value=groups_v,
                username=p.get("Username"), cluster_name=cluster_name, cluster=self.link_cluster(cluster_name),
                address=lid, module_dir=_dir_of(self.file),
            )
            for pol in _as_list(p.get("AccessPolicies")):
                if not pol.is_map:
                    continue
                scope = pol.get("AccessScope")
                entry.policies.append(AccessPolicy(
                    pol.get("PolicyArn"), pol.where() or span,
                    scope_type=scope.get("Type") if scope is not None else None,
                    namespaces=scope.get("Namespaces") if scope is not None else None))
            self.model.access_entries.append(entry)

    def _orphan_launch_templates(self) -> None:
        for lid, _res, _p in self.of_type("AWS::EC2::LaunchTemplate"):
            if lid in self.lt_used:
                continue
            boot = self.lt_boot(lid)
            if boot is None:
                continue
            # used by an Auto Scaling group or another stack: a NodeConfig with no cluster section only overrides
            boot.cluster_details_supplied = bool(boot.nodeconfigs) and not boot.bootstrap_calls and all(
                d.get("spec", "cluster") is None for d in boot.nodeconfigs)


def _as_list(v: V | None) -> list[V]:
    if v is None or not v.known:
        return []
    return v.list() if v.is_list else [v]


def _text_part(v: V) -> str:
    """A value's text inside a template: known scalars as text, else its partial text or UNKNOWN_CHAR."""
    if v.known and isinstance(v.value, str | int | float) and not isinstance(v.value, bool):
        return str(v.value)
    return v.partial if not v.known and v.partial else UNKNOWN_CHAR


_BLOCK_START = re.compile(r"(?:![A-Za-z0-9:]+\s+)?[|>]")


def _text_start(v: V, lines: list[str]) -> tuple[int, int]:
    """File line and column of the first character of a string's text (the first content line of a block scalar)."""
    span = v.span
    assert span is not None
    head = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    if _BLOCK_START.match(head, span.col - 1) and not v.value.startswith("\n"):
        n = span.line + 1
        while n <= len(lines) and not lines[n - 1].strip():
            n += 1
        if n <= len(lines):
            return n, len(lines[n - 1]) - len(lines[n - 1].lstrip(" ")) + 1
    return span.line, span.col


def _pin(boot: NodeBootstrap, span: Span) -> None:
    """Place everything read from user data on `span` (the string it was written in)."""
    stack: list[V] = [*boot.nodeconfigs, *boot.rejected_docs, *(w for call in boot.bootstrap_calls for w in call)]
    stack.extend(p.content_type for p in boot.parts if p.content_type is not None)
    while stack:
        cur = stack.pop()
        cur.span = span
        if cur.key_span is not None:
            cur.key_span = span
        if cur.is_map:
            stack.extend(cur.value.values())
        elif cur.is_list:
            stack.extend(cur.value)
    boot.span = span
    for part in boot.parts:
        part.span = span
    boot.structure_problems = [(span, why) for _, why in boot.structure_problems]


def _dir_of(display: str) -> str:
    return display.rsplit("/", 1)[0] if "/" in display else "."


def extract(doc: Document, model: Model) -> None:
    """Add what one CloudFormation template describes to `model`."""
    _Template(doc, model).read()

