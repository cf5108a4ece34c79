"""CloudFormation templates (YAML or JSON) → clusters, node groups, access entries, roles, user data.

The YAML loader reads the short forms (``!Ref X``, ``!Sub ...``) as their long forms
(``{"Ref": "X"}``, ``{"Fn::Sub": ...}``), so one reader serves YAML and JSON templates. Intrinsic
functions are evaluated only as far as the template itself says:

* ``Ref`` to a parameter with a ``Default`` gives that default (as Terraform variable defaults do;
  list parameter types give a list); to a parameter without one or with an empty one, to a pseudo parameter
  (``AWS::Region``, ``AWS::AccountId``, ``AWS::Partition``, ...), to a resource, and
  ``Fn::GetAtt``: an unknown value whose ``ref`` names the target (``NodeRole``, ``NodeRole.Arn``).
  ``Ref: AWS::NoValue`` removes the property, as CloudFormation does.
* ``Fn::Sub`` (both forms, with the variable map) and ``Fn::Join`` give the known text, or a
  partial one with the unknown parts replaced by `UNKNOWN_CHAR`; ``Fn::FindInMap`` and
  ``Fn::Select`` over known values are read.
* Anything decided at deploy time (``Fn::If`` and conditions, ``Fn::ImportValue``, ``Fn::GetAZs``,
  ``Fn::Split``, SSM parameter types, ...) is unknown: rules never fire on it.

Launch template and launch configuration user data (``Fn::Base64`` of a literal, of ``Fn::Sub`` or
of ``Fn::Join``) is rebuilt as text with every character's place in the template, known parameter
defaults substituted and unknown values left as ``${...}`` placeholders, and linked to the node
groups that use it: managed node groups (``AWS::EKS::Nodegroup``) and self-managed ones (an
``AWS::AutoScaling::AutoScalingGroup`` whose launch template or launch configuration names an
instance profile whose role is the node role, or an ``AWS::EC2::Instance``). A finding in the user
data lands on the template line it was written on (for a JSON string or a quoted YAML string, on
that string's line); a value put in from a parameter default lands on that default.
Resources under a ``Condition`` carry its name, so rules do not take resources under different
conditions to exist together.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ekslint import model as m
from ekslint.documents import Document
from ekslint.extract.span_walk import move_bootstrap
from ekslint.extract.userdata import bootstrap_from_user_data
from ekslint.model import AccessEntry, AccessPolicy, Cluster, IamRole, Model, NodeBootstrap, NodeGroup, RoleRef
from ekslint.values import UNKNOWN_CHAR, Span, V, known_str

SOURCE = "cloudformation"

_SUB_VAR = re.compile(r"\$\{(!?)([^}]*)\}")
_NO_VALUE = "AWS::NoValue"
_LIST_TYPES = ("CommaDelimitedList", "List<")
# parameter types whose value is looked up at deploy time (the default is an SSM parameter name)
_SSM_TYPE = "AWS::SSM::Parameter::Value<"

Pos = tuple[int, int]  # (line, column) in the template


def _unknown(like: V, ref: str | None = None, partial: str | None = None) -> V:
    return V(None, like.span, key_span=like.key_span, known=False, ref=ref, partial=partial)


def _ami_family_of_type(ami_type: str | None) -> str | None:
    from ekslint.extract.terraform import ami_family_of_type

    return ami_family_of_type(ami_type)


def _ami_family_of_ssm_name(name: str | None) -> str | None:
    from ekslint.extract.terraform import _ami_family_of_name

    return _ami_family_of_name(name)


class _Template:
    def __init__(self, doc: Document, model: Model) -> None:
        self.doc = doc
        self.model = model
        self.file = doc.file.display
        self.lines = doc.file.lines
        res = doc.root.get("Resources")
        self.resources: dict[str, V] = {k: r for k, r in res.items() if r.is_map} if res is not None else {}
        params = doc.root.get("Parameters")
        self.params: dict[str, V] = {k: p for k, p in params.items() if p.is_map} if params is not None else {}
        self.mappings = doc.root.get("Mappings")
        self.roles: dict[str, IamRole] = {}
        self.clusters: dict[str, Cluster] = {}
        self.lt_boots: dict[str, NodeBootstrap | None] = {}
        self.lt_used: set[str] = set()

    # -- parameters --------------------------------------------------------------------------
    def param(self, name: str) -> V | None:
        """The value `Ref: name` stands for when the template knows it (a parameter's Default)."""
        p = self.params.get(name)
        if p is None:
            return None
        default = p.get("Default")
        ptype = p.str("Type") or ""
        if default is None or not default.known or ptype.startswith(_SSM_TYPE) or default.value == "":
            return None  # an empty default is the usual "fill in when deploying" (or condition) idiom
        if ptype.startswith(_LIST_TYPES):
            if default.is_list:
                return default
            text = known_str(default)
            if text is None:
                return None
            return V([V(t.strip(), default.span) for t in text.split(",")] if text else [], default.span,
                     key_span=default.key_span)
        if isinstance(default.value, dict | list):
            return None
        if ptype == "Number" and isinstance(default.value, str):
            try:
                num: int | float = int(default.value)
            except ValueError:
                try:
                    num = float(default.value)
                except ValueError:
                    return None
            return V(num, default.span, key_span=default.key_span)
        return default

    def ssm_default(self, v: V | None) -> str | None:
        """The SSM parameter name a `Ref` to an SSM-typed parameter reads by default."""
        if v is None or v.known or not v.ref or "." in v.ref:
            return None
        p = self.params.get(v.ref)
        if p is None or not (p.str("Type") or "").startswith(_SSM_TYPE):
            return None
        return p.str("Default")

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
            out = {k: self.ev(c, depth + 1) for k, c in v.value.items()}
            return V({k: c for k, c in out.items() if c is not None and not _is_no_value(c)}, v.span,
                     key_span=v.key_span)
        if isinstance(v.value, list):
            items = [self.ev(c, depth + 1) for c in v.value]
            return V([c for c in items if c is not None and not _is_no_value(c)], v.span, key_span=v.key_span)
        return v

    def _function(self, v: V, key: str, arg: V, depth: int) -> V:
        if key == "Ref":
            target = known_str(arg)
            if target == _NO_VALUE:
                return _unknown(v, ref=_NO_VALUE)
            known = self.param(target) if target else None
            if known is not None:
                return known
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

    def _sub_args(self, arg: V, depth: int) -> tuple[V, V | None] | None:
        """The template string and the evaluated variable map of an `Fn::Sub`."""
        if arg.is_str:
            return arg, None
        items = arg.list()
        if not items or not items[0].is_str:
            return None
        variables = self.ev(items[1], depth + 1) if len(items) > 1 else None
        return items[0], variables if variables is not None and variables.is_map else None

    def sub_var(self, name: str, variables: V | None) -> V | None:
        """What `${name}` stands for in an `Fn::Sub`: a variable of the map, a parameter, else None."""
        if variables is not None and name in variables.value:
            return variables.value[name]
        return self.param(name)

    def _sub(self, v: V, arg: V, depth: int) -> V:
        args = self._sub_args(arg, depth)
        if args is None:
            return _unknown(v)
        template, variables = args
        whole = _SUB_VAR.fullmatch(template.value)

        def repl(mt: re.Match[str]) -> str:
            if mt.group(1):
                return "${" + mt.group(2) + "}"  # ${!Literal} is the text ${Literal}
            val = self.sub_var(mt.group(2), variables)
            return _text_part(val) if val is not None else UNKNOWN_CHAR

        text = _SUB_VAR.sub(repl, template.value)
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
        self._self_managed()
        self._instances()
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
                default_authentication_mode="CONFIG_MAP", default_endpoint_access=(True, False),
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

    # -- launch templates, launch configurations, instance profiles ----------------------------
    def _launch_template(self, spec: V | None) -> str | None:
        """The logical ID of the launch template a `LaunchTemplate` specification names
        (`Id` / `Name` of a node group, `LaunchTemplateId` / `LaunchTemplateName` of an Auto Scaling group)."""
        if spec is None or not spec.is_map:
            return None
        lid = self.target(spec.get("Id") or spec.get("LaunchTemplateId"))
        if lid is None:
            name = known_str(spec.get("Name") or spec.get("LaunchTemplateName"))
            if name:
                for other, _res, p in self.of_type("AWS::EC2::LaunchTemplate"):
                    if known_str(p.get("LaunchTemplateName")) == name:
                        lid = other
                        break
        res = self.resources.get(lid) if lid else None
        if res is None or res.str("Type") != "AWS::EC2::LaunchTemplate":
            return None
        return lid

    def _lt_data(self, lid: str) -> V:
        """A launch template's `LaunchTemplateData` (a launch configuration's `Properties`), evaluated."""
        res = self.resources[lid]
        raw = res.get("Properties", "LaunchTemplateData") if res.str("Type") == "AWS::EC2::LaunchTemplate" else res.get("Properties")
        data = self.ev(raw)
        return data if data is not None and data.is_map else V({}, res.where())

    def _lt_raw(self, lid: str, *path: str) -> V | None:
        res = self.resources[lid]
        if res.str("Type") == "AWS::EC2::LaunchTemplate":
            return res.get("Properties", "LaunchTemplateData", *path)
        return res.get("Properties", *path)

    def lt_boot(self, lid: str) -> NodeBootstrap | None:
        if lid not in self.lt_boots:
            self.lt_boots[lid] = boot = self._user_data(self._lt_raw(lid, "UserData"))
            if boot is not None:
                self.model.bootstraps.append(boot)
        return self.lt_boots[lid]

    def _profile_role(self, v: V | None) -> RoleRef | None:
        """The role of the instance profile a launch template or launch configuration names."""
        if v is None:
            return None
        if v.is_map:  # launch template: {Arn: ...} or {Name: ...}
            v = v.get("Arn") or v.get("Name")
            if v is None:
                return None
        lid = self.target(v)
        profile: V | None = None
        if lid is not None and v.ref in (lid, f"{lid}.Arn"):
            res = self.resources.get(lid)
            profile = res if res is not None and res.str("Type") == "AWS::IAM::InstanceProfile" else None
        elif known_str(v):
            want = (known_str(v) or "").rsplit("/", 1)[-1]
            for _lid, res, p in self.of_type("AWS::IAM::InstanceProfile"):
                if known_str(p.get("InstanceProfileName")) == want:
                    profile = res
                    break
        if profile is None:
            return None
        roles = self.ev(profile.get("Properties", "Roles"))
        first = roles.list() if roles is not None and roles.is_list else []
        return self.role_ref(first[0]) if len(first) == 1 else None

    # -- user data -----------------------------------------------------------------------------
    def _user_data(self, v: V | None) -> NodeBootstrap | None:
        """User data written as `Fn::Base64` of a literal, of `Fn::Sub` or of `Fn::Join`."""
        if v is None or not v.is_map or set(v.value) != {"Fn::Base64"}:
            return None
        built = self._text(v.value["Fn::Base64"])
        if built is None:
            return None
        text, where = built
        if not text.strip() or not where:
            return None
        boot = bootstrap_from_user_data(text, self.file, 1, source=SOURCE)
        if boot is None:
            return None
        if not (boot.nodeconfigs or boot.bootstrap_calls or boot.rejected_docs or boot.structure_problems
                or any(p.nodeconfigs for p in boot.parts)):
            return None
        move_bootstrap(boot, self.file, _mover(_locator(text, where)))
        return boot

    def _text(self, v: V, depth: int = 0) -> tuple[str, list[Pos]] | None:
        """The text a user-data expression gives, with the template position of every character.

        Known parameter defaults are put in; anything unknown stays a `${...}`
        placeholder, so rules treat it as "could be anything"."""
        if depth > 20:
            return None
        if v.is_str:
            return v.value, _str_positions(v, self.lines)
        if not v.is_map or len(v.value) != 1:
            return None
        (key, arg), = v.value.items()
        if key == "Fn::Sub":
            args = self._sub_args(arg, depth)
            if args is None:
                return None
            template, variables = args
            base = self._text(template, depth + 1)
            if base is None:
                return None
            text, where = base
            out: list[str] = []
            pos: list[Pos] = []
            last = 0
            for mt in _SUB_VAR.finditer(text):
                out.append(text[last:mt.start()])
                pos.extend(where[last:mt.start()])
                if mt.group(1):  # ${!Literal} is the text ${Literal}
                    out.append(mt.group(0).replace("${!", "${", 1))
                    pos.extend(where[mt.start():mt.start() + 2] + where[mt.start() + 3:mt.end()])
                else:
                    val = self._written(self.sub_var(mt.group(2), variables))
                    if val is None:
                        out.append(mt.group(0))
                        pos.extend(where[mt.start():mt.end()])
                    else:
                        out.append(val[0])
                        pos.extend(val[1])
                last = mt.end()
            out.append(text[last:])
            pos.extend(where[last:])
            return "".join(out), pos
        if key == "Fn::Join":
            items = arg.list()
            sep = known_str(items[0]) if len(items) == 2 else None
            if sep is None or not items[1].is_list:
                return None
            out, pos = [], []
            for i, part in enumerate(items[1].list()):
                at = _pos_of(part)
                if i and sep:
                    out.append(sep)
                    pos.extend([at] * len(sep))
                got = self._text(part, depth + 1) if part.is_str or _is_fn(part, "Fn::Sub", "Fn::Join") else None
                if got is None:
                    got = self._written(self.ev(part, depth + 1)) or _placeholder(part, at)
                out.append(got[0])
                pos.extend(got[1])
            return "".join(out), pos
        # Ref to a parameter with a default, Fn::FindInMap, ...
        return self._written(self.ev(v, depth + 1)) or _placeholder(v, _pos_of(v))

    def _written(self, v: V | None) -> tuple[str, list[Pos]] | None:
        """A known value put into user data, placed where the template writes it (a parameter's
        Default, an entry of the Fn::Sub variable map)."""
        text = _inline(v)
        if text is None or v is None:
            return None
        if v.is_str:
            return text, _str_positions(v, self.lines)
        at = _pos_of(v)
        return text, [(at[0], at[1] + i) for i in range(len(text))]

    # -- node groups -------------------------------------------------------------------------
    def _image_family(self, image: V | None) -> str | None:
        """The AMI family of an image ID read from an SSM parameter with a known default name."""
        return _ami_family_of_ssm_name(self.ssm_default(image))

    def _node_groups(self) -> None:
        for lid, res, p in self.of_type("AWS::EKS::Nodegroup"):
            span = self.span_of(res)
            ami_type = p.get("AmiType")
            lt_lid = self._launch_template(p.get("LaunchTemplate"))
            image = self._lt_data(lt_lid).get("ImageId") if lt_lid is not None else None
            family = _ami_family_of_type(known_str(ami_type))
            family_value = ami_type
            if ami_type is None and image is not None:
                family = self._image_family(image)
                family_value = image if family else None
            cluster_name = p.get("ClusterName")
            group = NodeGroup(
                "managed", SOURCE, span, name=p.get("NodegroupName") or V(None, span, known=False, ref=lid),
                cluster_name=cluster_name, cluster=self.link_cluster(cluster_name), version=p.get("Version"),
                release_version=p.get("ReleaseVersion"), ami_family=family, ami_family_value=family_value,
                custom_ami=image, role=self.role_ref(p.get("NodeRole")), value=p, module_dir=_dir_of(self.file),
                address=lid, condition=res.str("Condition"),
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

    def _self_managed(self) -> None:
        """Auto Scaling groups whose launch template or launch configuration bootstraps EKS nodes."""
        for lid, res, p in self.of_type("AWS::AutoScaling::AutoScalingGroup"):
            lt_lid = self._launch_template(p.get("LaunchTemplate")) or self._launch_template(
                p.get("MixedInstancesPolicy", "LaunchTemplate", "LaunchTemplateSpecification"))
            if lt_lid is None:
                lc = self.target(p.get("LaunchConfigurationName"))
                lc_res = self.resources.get(lc) if lc else None
                if lc_res is not None and lc_res.str("Type") == "AWS::AutoScaling::LaunchConfiguration":
                    lt_lid = lc
            if lt_lid is None:
                continue
            self.lt_used.add(lt_lid)
            boot = self.lt_boot(lt_lid)
            if boot is None:
                continue  # an Auto Scaling group whose instances do not join a cluster is not a node group
            boot.cluster_details_supplied = False
            data = self._lt_data(lt_lid)
            image = data.get("ImageId")
            family = self._image_family(image)
            span = self.span_of(res)
            self.model.node_groups.append(NodeGroup(
                "self-managed", SOURCE, span, name=p.get("AutoScalingGroupName") or V(None, span, known=False, ref=lid),
                ami_family=family, ami_family_value=image if family else None, custom_ami=image,
                role=self._profile_role(data.get("IamInstanceProfile")), bootstrap=boot, value=p,
                module_dir=_dir_of(self.file), address=lid, min_size=p.get("MinSize"), max_size=p.get("MaxSize"),
                desired_size=p.get("DesiredCapacity"), instance_types=[t for t in [data.get("InstanceType")] if t is not None],
                condition=res.str("Condition"),
            ))

    def _instances(self) -> None:
        """EC2 instances whose user data (their own, or their launch template's) joins a cluster."""
        for lid, res, p in self.of_type("AWS::EC2::Instance"):
            lt_lid = self._launch_template(p.get("LaunchTemplate"))
            boot = self._user_data(res.get("Properties", "UserData"))
            if boot is not None:
                self.model.bootstraps.append(boot)
            elif lt_lid is not None:
                self.lt_used.add(lt_lid)
                boot = self.lt_boot(lt_lid)
            if boot is None:
                continue  # an instance that does not join a cluster is not a node
            boot.cluster_details_supplied = False
            data = self._lt_data(lt_lid) if lt_lid is not None else V({}, res.where())
            image = p.get("ImageId") or data.get("ImageId")
            family = self._image_family(image)
            self.model.node_groups.append(NodeGroup(
                "self-managed", SOURCE, self.span_of(res), ami_family=family, ami_family_value=image if family else None,
                custom_ami=image, role=self._profile_role(p.get("IamInstanceProfile") or data.get("IamInstanceProfile")),
                bootstrap=boot, value=p, module_dir=_dir_of(self.file), address=lid, condition=res.str("Condition"),
                instance_types=[t for t in [p.get("InstanceType") or data.get("InstanceType")] if t is not None],
            ))

    def _access_entries(self) -> None:
        for lid, res, p in self.of_type("AWS::EKS::AccessEntry"):
            span = self.span_of(res)
            groups_v = p.get("KubernetesGroups")
            cluster_name = p.get("ClusterName")
            entry = AccessEntry(
                SOURCE, span, principal=self.role_ref(p.get("PrincipalArn")), type=p.get("Type"),
                groups=groups_v.list() if groups_v is not None and groups_v.is_list else None, groups_value=groups_v,
                username=p.get("Username"), cluster_name=cluster_name, cluster=self.link_cluster(cluster_name),
                address=lid, module_dir=_dir_of(self.file), condition=res.str("Condition"),
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


def _is_no_value(v: V) -> bool:
    return not v.known and v.ref == _NO_VALUE


def _is_fn(v: V, *names: str) -> bool:
    return v.is_map and len(v.value) == 1 and next(iter(v.value)) in names


def _as_list(v: V | None) -> list[V]:
    if v is None or not v.known:
        return []
    return v.list() if v.is_list else [v]


def _text_part(v: V) -> str:
    """A value's text inside a template: known scalars as text, else its partial text or UNKNOWN_CHAR."""
    if v.known and isinstance(v.value, str | int | float) and not isinstance(v.value, bool):
        return str(v.value)
    return v.partial if not v.known and v.partial else UNKNOWN_CHAR


def _inline(v: V | None) -> str | None:
    """A known scalar's text (what user data may have put in), else None."""
    if v is None or not v.known or isinstance(v.value, bool) or not isinstance(v.value, str | int | float):
        return None
    return str(v.value)


def _placeholder(v: V, at: Pos) -> tuple[str, list[Pos]]:
    """`${Name}` for a value only known at deploy time (`${?}` when it has no name)."""
    ref = v.get("Ref") or v.get("Fn::GetAtt")
    name = known_str(ref) if ref is not None and ref.is_str else None
    if name is None and ref is not None and ref.is_list:
        name = ".".join(p for p in (known_str(x) for x in ref.list()) if p) or None
    text = "${" + (name or "?") + "}"
    return text, [at] * len(text)


def _pos_of(v: V) -> Pos:
    span = v.where()
    return (span.line, span.col) if span is not None else (1, 1)


_BLOCK_START = re.compile(r"(?:![A-Za-z0-9:]+\s+)?[|>]")


def _str_positions(v: V, lines: list[str]) -> list[Pos]:
    """The template position of every character of a string (a literal block scalar maps line for
    line; a one-line string character for character; any other string sits on its first line)."""
    text: str = v.value
    span = v.where()
    if span is None:
        return [(1, 1)] * len(text)
    head = lines[span.line - 1] if 0 < span.line <= len(lines) else ""
    if "\n" in text and _BLOCK_START.match(head, span.col - 1):
        mapped = _block_positions(text, lines, span.line)
        if mapped is not None:
            return mapped
    if span.end_line == span.line and 0 < span.line <= len(lines):
        return _one_line_positions(text, lines[span.line - 1], span)
    return [(span.line, span.col)] * len(text)


_TAG = re.compile(r"![^\s]*\s+")


def _one_line_positions(text: str, line: str, span: Span) -> list[Pos]:
    """Positions of a string written on one template line: plain, single- or double-quoted
    (escapes such as `\\n` in JSON and YAML double quotes take their source width)."""
    i = span.col - 1
    tag = _TAG.match(line, i)
    if tag is not None:
        i = tag.end()  # `!Sub "..."`: the value starts after the tag
    mode = line[i:i + 1] if line[i:i + 1] in ('"', "'") else ""
    i += 1 if mode else 0
    out: list[Pos] = []
    for _ in text:
        out.append((span.line, i + 1))
        if mode == '"' and line[i:i + 1] == "\\":
            nxt = line[i + 1:i + 2]
            i += {"u": 6, "x": 4, "U": 10}.get(nxt, 2)
        elif mode == "'" and line[i:i + 2] == "''":
            i += 2
        else:
            i += 1
    return out


def _block_positions(text: str, lines: list[str], header: int) -> list[Pos] | None:
    """Positions of a literal block scalar's characters: text line i is file line header + 1 + i."""
    parts = text.split("\n")
    indent: int | None = None
    for i, part in enumerate(parts):
        if part.strip():
            n = header + i  # 0-based index of file line header + 1 + i
            if n >= len(lines):
                return None
            line = lines[n]
            indent = len(line) - len(line.lstrip(" "))
            break
    if indent is None:
        return None
    out: list[Pos] = []
    for i, part in enumerate(parts):
        n = header + i
        if part and (n >= len(lines) or lines[n][indent:] != part):
            return None  # not a literal block (folded, or indented some other way): let the caller pin it
        out.extend((header + 1 + i, indent + 1 + j) for j in range(len(part)))
        if i < len(parts) - 1:
            out.append((header + 1 + i, indent + 1 + len(part)))
    return out


def _locator(text: str, where: list[Pos]) -> Callable[[int, int], Pos]:
    """Maps a (line, column) of `text` (1-based) to its place in the template."""
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)

    def locate(line: int, col: int) -> Pos:
        base = starts[min(max(line, 1), len(starts)) - 1]
        off = min(max(base + col - 1, 0), len(where) - 1)
        return where[off]

    return locate


def _mover(locate: Callable[[int, int], Pos]) -> Callable[[Span], Span]:
    """Where a position of user data text lies in the template."""
    def move(span: Span) -> Span:
        line, col = locate(span.line, span.col)
        end_line, end_col = locate(span.end_line, span.end_col)
        if (end_line, end_col) < (line, col):
            end_line, end_col = line, col
        return Span(span.file, line, col, end_line, end_col)

    return move


def _dir_of(display: str) -> str:
    return display.rsplit("/", 1)[0] if "/" in display else "."


def extract(doc: Document, model: Model) -> None:
    """Add what one CloudFormation template describes to `model`."""
    _Template(doc, model).read()
