"""Terraform reading: parsing, partial evaluation, and the model built from resources and modules."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from ekslint.context import Context
from ekslint.documents import SourceFile
from ekslint.engine import build
from ekslint.extract.terraform import _eks_module_source, _major, extract_terraform
from ekslint.load.hcl_eval import TfV
from ekslint.model import Model
from ekslint.values import UNKNOWN_CHAR, V

DATA = Path(__file__).resolve().parent / "data" / "terraform"


def _build(case: str) -> Context:
    root = DATA / case
    ctx, errors = build([root], base=root)
    assert errors == []
    return ctx


def _locals(ctx: Context, file: str = "main.tf") -> V:
    doc = next(d for d in ctx.documents if d.kind == "terraform" and d.file.display == file)
    loc = doc.root.get("locals")
    assert loc is not None
    return loc


def _line(v: V | None) -> int:
    assert v is not None and v.span is not None
    return v.span.line


def _model(ctx: Context) -> Model:
    return ctx.model


# -- evaluation -----------------------------------------------------------------------------


def test_variables_tfvars_and_locals() -> None:
    loc = _locals(_build("eval"))
    # default "dev" < terraform.tfvars "staging" < a.auto.tfvars "prod"
    assert loc.get("prefix").value == "prod-platform"
    assert _line(loc.get("prefix")) == 2
    assert loc.get("cond").value == "big"
    assert loc.get("math").value == 7
    assert loc.get("upper").plain() == ["A", "C"]
    assert loc.get("by_key").plain() == {
        "linux": "linux:arn:aws:iam::111122223333:role/linux-nodes",
        "windows": "windows:arn:aws:iam::111122223333:role/windows-nodes",
    }
    assert loc.get("whole").plain() == ["a", "b", "c"]  # "${x}" alone keeps the value's type
    assert loc.get("escaped").value == '${literal} "quoted"\n'
    assert loc.get("merged").plain() == {"a": 3, "b": 2}
    assert loc.get("tried").value == "fallback"
    assert loc.get("looked").value == 2
    assert loc.get("joined").value == "a,b,c"
    assert loc.get("replaced").value == "a_b_c"
    assert loc.get("regex").value == "node-N"
    assert loc.get("coalesced").value == "x"
    assert loc.get("trimmed").value == "role/x"
    assert loc.get("splat").plain() == [1, 2]
    assert loc.get("same").value == "same"  # unknown condition, equal branches
    assert loc.get("encoded").value == '{"a":"x\\u003cy","b":[1,true]}'


def test_json_tfvars_and_var_files() -> None:
    (cluster,) = _model(_build("tfvars_json")).clusters
    assert (cluster.name.value, cluster.version.value) == ("from-json", "1.31")  # z.auto.tfvars.json last
    assert _line(cluster.name) == 14  # the reference, not the JSON file
    # prod.tfvars.json is for -var-file: the mode is not known, so neither is the cluster's
    assert cluster.authentication_mode.known is False and cluster.auth_mode is None


def test_unknowns_stay_unknown_with_their_reference() -> None:
    loc = _locals(_build("eval"))
    assert loc.get("unknown_c").known is False  # var.no_default has no value
    assert loc.get("merged_u").known is False
    fmt = loc.get("formatted")
    assert fmt.known is False and fmt.partial == f"arn:aws:iam::{UNKNOWN_CHAR}:role/prod-platform"
    trim = loc.get("trim_path")
    assert (trim.known, trim.ref) == (False, "aws_iam_role.x.arn")
    assert (loc.get("each_ref").known, loc.get("each_ref").ref) == (False, "each.value")
    assert loc.get("cycle_a").known is False and loc.get("cycle_b").known is False
    assert loc.get("outside").known is False  # file() outside the scanned tree
    assert loc.get("missing").known is False


def test_heredoc_template_and_base64_keep_line_mapping() -> None:
    loc = _locals(_build("eval"))
    heredoc = loc.get("heredoc")
    assert heredoc.value == "name: prod-platform\n  indented: true\nliteral: ${x}\n"
    assert isinstance(heredoc, TfV) and (heredoc.text_file, heredoc.text_line, heredoc.text_col) == ("main.tf", 28, 5)
    b64 = loc.get("b64")
    assert isinstance(b64, TfV) and b64.func == "base64encode"
    assert b64.origin is not None and b64.origin.value == heredoc.value
    assert loc.get("decoded").value == heredoc.value
    rendered = loc.get("rendered")
    assert isinstance(rendered, TfV) and rendered.func == "templatefile"
    assert (rendered.text_file, rendered.text_line) == ("templates/nodeconfig.yaml.tpl", 1)
    assert rendered.value.splitlines()[4:] == [
        "    name: prod-platform",
        "  kubelet:",
        "    flags:",
        "      - --node-labels=env=prod",
        "      - --node-labels=team=platform",
    ]
    yaml = loc.get("yaml")
    assert isinstance(yaml, TfV) and yaml.origin is not None and yaml.origin.plain() == {
        "groups": ["system:nodes"], "rolearn": "arn"}


def test_count_and_for_each_are_expanded() -> None:
    model = _model(_build("eval"))
    got = [(e.address, e.principal.text if e.principal else None, e.type.value if e.type else None, _line(e.principal.value))
           for e in model.access_entries]
    assert got == [
        ('aws_eks_access_entry.by_role["linux"]', "arn:aws:iam::111122223333:role/linux-nodes", "EC2_LINUX", 11),
        ('aws_eks_access_entry.by_role["windows"]', "arn:aws:iam::111122223333:role/windows-nodes", "EC2_WINDOWS", 12),
        ("aws_eks_access_entry.counted[0]", "arn:aws:iam::111122223333:role/r0", None, 54),
        ("aws_eks_access_entry.counted[1]", "arn:aws:iam::111122223333:role/r1", None, 54),
    ]  # `disabled` has count = 0 with env = "prod"


# -- AWS-provider resources ------------------------------------------------------------------


def test_cluster_node_groups_and_regions() -> None:
    model = _model(_build("resources"))
    (cluster,) = model.clusters
    assert (cluster.name.value, cluster.version.value, cluster.region.value) == ("prod", "1.31", "us-east-1")
    assert (_line(cluster.name), _line(cluster.region)) == (9, 2)
    assert cluster.auth_mode == "API" and cluster.service_ipv4_cidr.value == "172.20.0.0/16"
    assert (cluster.endpoint_private_access.value, cluster.endpoint_public_access.value) == (True, False)
    groups = {g.address: g for g in model.node_groups}
    mng = groups["aws_eks_node_group.default"]
    assert (mng.kind, mng.source, mng.name.value, mng.cluster_name.value, mng.region.value) == (
        "managed", "terraform", "default", "prod", "us-east-1")
    assert mng.ami_family == "AL2023" and mng.ami_family_value.value == "AL2023_x86_64_STANDARD"
    assert mng.role is not None and mng.role.role is not None and mng.role.role.address == "aws_iam_role.nodes"
    assert mng.role.value.ref == "aws_iam_role.nodes.arn" and mng.role.name == "prod-nodes"
    pinned = groups["aws_eks_node_group.pinned"]
    assert (pinned.region.value, pinned.ami_family, pinned.version.value) == ("eu-central-1", "Bottlerocket", "1.30")
    asg = groups["aws_autoscaling_group.workers"]
    assert (asg.kind, asg.region.value, asg.ami_family) == ("self-managed", "us-west-2", "AL2")  # aws.west alias; SSM path
    assert asg.role is not None and asg.role.role is not None and asg.role.role.address == "aws_iam_role.workers"
    assert asg.role.is_instance_profile is False


def test_launch_template_user_data_becomes_bootstrap() -> None:
    model = _model(_build("resources"))
    groups = {g.address: g for g in model.node_groups}
    boot = groups["aws_eks_node_group.default"].bootstrap
    assert boot is not None and boot.container == "mime" and boot.cluster_details_supplied is True
    assert boot.region is not None and boot.region.value == "us-east-1"
    flag = boot.nodeconfigs[0].get("spec", "kubelet", "flags", 0)
    assert flag.value == "--node-labels=team=prod"
    assert (flag.span.file, flag.span.line, flag.span.col) == ("main.tf", 88, 13)
    script = groups["aws_autoscaling_group.workers"].bootstrap
    assert script is not None and script.cluster_details_supplied is False and script.region.value == "us-west-2"
    (call,) = script.bootstrap_calls
    assert [w.value for w in call] == ["/etc/eks/bootstrap.sh", "prod", "--kubelet-extra-args", "--node-labels=a=b,c=d"]
    assert (call[1].span.file, call[1].span.line) == ("templates/al2.sh.tpl", 3)
    assert boot in model.bootstraps and script in model.bootstraps


def test_unknown_parts_of_user_data_keep_their_reference() -> None:
    model = _model(_build("resources"))
    group = next(g for g in model.node_groups if g.address == "aws_instance.al2023")
    assert (group.kind, group.ami_family, group.region.value) == ("self-managed", "AL2023", "us-east-1")
    boot = group.bootstrap
    assert boot is not None and boot.container == "plain" and boot.cluster_details_supplied is False
    name = boot.merged_cluster_field("name")
    assert (name.value, name.span.file, name.span.line) == ("prod", "workers.tf", 56)
    endpoint = boot.merged_cluster_field("apiServerEndpoint")
    assert (endpoint.known, endpoint.ref, endpoint.span.line) == (False, "aws_eks_cluster.this.endpoint", 57)
    ca = boot.merged_cluster_field("certificateAuthority")
    assert (ca.known, ca.ref) == (False, "aws_eks_cluster.this.certificate_authority[0].data")


def test_iam_roles_and_trust() -> None:
    model = _model(_build("resources"))
    roles = {r.address: r for r in model.iam_roles}
    assert roles["aws_iam_role.cluster"].role_name == "prod-cluster"
    assert roles["aws_iam_role.cluster"].trusted_services == {"eks.amazonaws.com"}
    assert roles["aws_iam_role.nodes"].trusted_services == {"ec2.amazonaws.com"}  # aws_iam_policy_document
    workers = roles["aws_iam_role.workers"]
    assert workers.name is not None and workers.name.known is False and workers.name_prefix.value == "workers-"
    assert workers.trusted_services == {"ec2.amazonaws.com"}  # literal JSON heredoc


def test_access_entries_and_policy_association() -> None:
    model = _model(_build("resources"))
    entries = {e.address: e for e in model.access_entries}
    admin = entries["aws_eks_access_entry.admin"]
    # admin_arn is also set in other.tfvars (a -var-file): its value is not known
    assert admin.principal.value.known is False and admin.principal.value.ref == "var.admin_arn"
    assert [g.value for g in admin.groups] == ["platform-admins"] and admin.type is None and admin.entry_type == "STANDARD"
    assert admin.cluster_name.value == "prod"
    ci = entries["aws_eks_access_entry.ci"]
    assert (ci.principal.value.known, ci.principal.value.ref) == (False, "data.aws_iam_role.ci.arn")
    assert ci.groups is None and ci.username.value == "ci"
    assert ci.replace_triggered_by == ["terraform_data.ci_role_id"]
    (policy,) = ci.policies
    assert policy.policy_arn.value.endswith("/AmazonEKSViewPolicy") and policy.scope_type.value == "namespace"
    assert policy.namespaces.plain() == ["ci"]
    assert entries["aws_eks_access_entry.profile"].principal.is_instance_profile is True


# -- terraform-aws-eks -----------------------------------------------------------------------


def test_module_v21_input_names_and_defaults() -> None:
    model = _model(_build("module_v21"))
    (cluster,) = model.clusters
    assert (cluster.source, cluster.name.value, cluster.version.value, cluster.region.value) == (
        "tf-module-eks", "ex-v21", "1.33", "eu-west-1")
    assert cluster.authentication_mode is None and cluster.auth_mode == "API_AND_CONFIG_MAP"
    groups = {g.address: g for g in model.node_groups}
    default = groups['module.eks.eks_managed_node_groups["default"]']
    assert (default.name.value, default.ami_family, default.cluster_name.value) == ("default", "AL2023", "ex-v21")
    assert default.role.role is not None and default.role.role.name.known is False  # name prefix by default
    assert default.role.role.name_prefix.value == "default-eks-node-group-"
    assert default.bootstrap is not None and default.bootstrap.cluster_details_supplied is True
    assert _line(default.bootstrap.nodeconfigs[0].get("spec", "kubelet", "config", "maxPods")) == 44
    custom = groups['module.eks.eks_managed_node_groups["custom_lt"]']  # an existing launch template with an AMI
    assert custom.custom_ami.value == "ami-0123456789abcdef0"
    assert custom.bootstrap is not None and custom.bootstrap.cluster_details_supplied is False
    assert _line(custom.bootstrap.merged_cluster_field("name")) == 105
    legacy = groups['module.eks.eks_managed_node_groups["legacy"]']
    assert legacy.ami_family == "AL2" and legacy.role.name == "legacy-nodes"
    windows = groups['module.eks.self_managed_node_groups["windows"]']
    assert windows.kind == "self-managed" and windows.ami_family == "Windows"
    entries = {e.address: e for e in model.access_entries}
    admins = entries['module.eks.access_entries["admins"]']
    assert [g.value for g in admins.groups] == ["system:masters"] and _line(admins.groups[0]) == 19
    assert admins.policies[0].scope_type.value == "namespace"
    implicit = entries['module.eks.self_managed_node_groups["windows"].aws_eks_access_entry.this']
    assert implicit.implicit and implicit.type.value == "EC2_WINDOWS" and implicit.principal.role is windows.role.role


def test_module_v20_input_names_provider_alias_and_defaults() -> None:
    model = _model(_build("module_v20"))
    (cluster,) = model.clusters
    assert (cluster.name.value, cluster.version.value, cluster.region.value) == ("ex-v20", "1.30", "us-east-1")
    groups = {g.address: g for g in model.node_groups}
    one = groups['module.eks.eks_managed_node_groups["one"]']
    assert (one.ami_family, one.version.value, _line(one.ami_family_value)) == ("AL2", "1.29", 24)  # from the defaults
    two = groups['module.eks.eks_managed_node_groups["two"]']
    assert two.ami_family == "Bottlerocket" and two.role.is_instance_profile is True
    linux = groups['module.eks.self_managed_node_groups["linux"]']
    assert linux.ami_family == "AL2"  # v20 self-managed default AL2_x86_64
    entries = {e.address: e for e in model.access_entries}
    karp = entries["module.karpenter.aws_eks_access_entry.node"]
    assert karp.source == "tf-module-karpenter" and karp.type.value == "EC2_WINDOWS"
    assert karp.principal.role is one.role.role  # node_iam_role_arn = the managed group's role
    assert karp.cluster_name.value == "ex-v20"  # module.eks.cluster_name
    extra = next(r for r in model.iam_roles if r.address == "aws_iam_role.extra")
    assert extra.role_name == "ex-v20-extra"  # a local read through a module output
    ctrl = next(r for r in model.iam_roles if r.address == "module.karpenter.aws_iam_role.controller")
    assert ctrl.trusts_federated is True and ctrl.name_prefix.value == "KarpenterController-"


def test_module_v19_aws_auth_maps_its_node_roles() -> None:
    model = _model(_build("module_v19"))
    (cluster,) = model.clusters
    assert (cluster.name.value, cluster.auth_mode) == ("legacy", "CONFIG_MAP")  # v19: no access entries
    assert model.access_entries == []
    (auth,) = model.aws_auth
    assert auth.source == "tf-module-eks" and auth.data is not None
    assert auth.data.get("mapUsers").known is False  # var.users has no value: the ConfigMap is not fully known
    got = [(mp.span.line, mp.arn.value if mp.arn.known else mp.arn.ref, [g.value for g in mp.groups]) for mp in auth.mappings]
    assert got == [
        (10, "arn:aws:iam::111122223333:role/admins", ["system:masters"]),
        (19, 'module.eks.eks_managed_node_groups["default"].iam_role_arn', ["system:bootstrappers", "system:nodes"]),
        (23, 'module.eks.self_managed_node_groups["win"].iam_role_arn',
         ["system:bootstrappers", "system:nodes", "eks:kube-proxy-windows"]),
    ]
    groups = {g.address: g for g in model.node_groups}
    assert auth.mappings[1].role.role is groups['module.eks.eks_managed_node_groups["default"]'].role.role


def test_karpenter_submodule_roles() -> None:
    model = _model(_build("module_v21"))
    node = next(r for r in model.iam_roles if r.address == "module.karpenter.aws_iam_role.node")
    assert (node.purpose, node.role_name, node.source, node.span.line) == ("node", "ex-v21", "tf-module-karpenter", 74)
    assert model.controller_roles == {"KarpenterController": model.controller_roles["KarpenterController"]}
    assert model.controller_roles["KarpenterController"].line == 67
    entry = next(e for e in model.access_entries if e.address == "module.karpenter.aws_eks_access_entry.node")
    assert entry.implicit and entry.type.value == "EC2_LINUX" and entry.principal.role is node
    # the EC2NodeClass in kubectl_manifest reads the module's known node role name
    (nodeclass,) = model.node_classes
    assert (nodeclass.role.value, nodeclass.role.span.line, nodeclass.name.value) == ("ex-v21", 87, "default")


def test_karpenter_submodule_defaults_are_generated_names() -> None:
    model = _model(_build("karpenter_default"))
    roles = {r.address: r for r in model.iam_roles}
    node = roles["module.karpenter.aws_iam_role.node"]
    assert node.name.known is False and node.name_prefix.value == "Karpenter-blue-"
    assert roles["module.karpenter.aws_iam_role.controller"].name.known is False
    assert model.controller_roles == {"karpenter-controller-blue": roles["aws_iam_role.karpenter_controller"].span}
    user_entry = next(e for e in model.access_entries if e.address == "aws_eks_access_entry.karpenter_nodes")
    assert user_entry.principal.role is node  # module.karpenter.node_iam_role_arn
    # an EC2NodeClass written as an HCL object in kubernetes_manifest
    (group,) = [g for g in model.node_groups if g.kind == "karpenter"]
    assert (group.name.value, group.ami_family, group.role.value.known, group.role.value.span.line) == ("default", "AL2023", False, 27)
    assert group.role.role is node


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("terraform-aws-modules/eks/aws", ("", None)),
        ("terraform-aws-modules/eks/aws//modules/karpenter", ("modules/karpenter", None)),
        ("git::https://github.com/terraform-aws-modules/terraform-aws-eks.git//modules/karpenter?ref=v20.24.0",
         ("modules/karpenter", "v20.24.0")),
        ("registry.terraform.io/terraform-aws-modules/eks/aws", ("", None)),
        ("./modules/eks", None),
        ("terraform-aws-modules/eks-pod-identity/aws", None),
    ],
)
def test_module_sources(source: str, expected: tuple[str, str | None] | None) -> None:
    assert _eks_module_source(source) == expected


@pytest.mark.parametrize(
    ("version", "major"),
    [("~> 21.0", 21), ("20.37.2", 20), (">= 20.0, < 21.0", 20), ("v19.21.0", 19), (">= 19", None), ("~> 20", None), (None, None)],
)
def test_module_major_version(version: str | None, major: int | None) -> None:
    assert _major(version) == major


# -- aws-auth ---------------------------------------------------------------------------------


def test_aws_auth_yamlencode_points_at_list_items() -> None:
    model = _model(_build("aws_auth"))
    auth = next(a for a in model.aws_auth if a.span.line == 34)
    assert (auth.source, auth.name.value, auth.namespace.value) == ("terraform", "aws-auth", "kube-system")
    roles = [mp for mp in auth.mappings if mp.kind == "role"]
    assert [(mp.span.line, mp.arn.known, _line(mp.username), [_line(g) for g in mp.groups]) for mp in roles] == [
        (3, False, 5, [6, 6]),
        (8, True, 10, [11, 11]),
    ]
    assert roles[0].role is not None and roles[0].role.role is not None and roles[0].role.role.address == "aws_iam_role.nodes"
    assert roles[1].role is not None and roles[1].role.is_instance_profile is True
    (user,) = [mp for mp in auth.mappings if mp.kind == "user"]
    assert (user.arn.value, _line(user.arn), _line(user.groups[0])) == ("arn:aws:iam::111122223333:user/alice", 43, 46)
    ((value, message, span),) = auth.problems
    assert message.startswith("mapAccounts is not valid YAML") and _line(value) == 48 and span.line == 51


def test_aws_auth_heredoc_with_interpolations() -> None:
    model = _model(_build("aws_auth"))
    legacy = next(a for a in model.aws_auth if a.span.line == 57)
    assert legacy.problems == []
    nodes, admins = legacy.mappings
    assert (nodes.span.line, nodes.arn.known, nodes.arn.ref, _line(nodes.arn)) == (65, False, "aws_iam_role.nodes.arn", 65)
    assert nodes.role is not None and nodes.role.role is not None and nodes.role.role.address == "aws_iam_role.nodes"
    assert [g.value for g in nodes.groups] == ["system:bootstrappers", "system:nodes"]
    assert admins.arn.value == f"arn:aws:iam::{UNKNOWN_CHAR}:role/admins" and admins.role.name == "admins"
    (group,) = admins.groups
    assert (group.known, group.ref, _line(group)) == (False, "var.admin_group", 73)


def test_controller_role_from_trust_and_name() -> None:
    model = _model(_build("aws_auth"))
    assert list(model.controller_roles) == ["KarpenterControllerRole-prod"]
    assert model.controller_roles["KarpenterControllerRole-prod"].line == 23


# -- errors, documents, speed -------------------------------------------------------------------


def test_syntax_error_is_a_load_problem_and_other_files_load() -> None:
    ctx = _build("syntax_error")
    problems = [(p.span.file, p.span.line, p.code, p.message) for p in ctx.problems]  # type: ignore[attr-defined]
    assert problems == [("broken.tf", 5, "EKS001", "Terraform syntax error: unexpected '}'")]
    assert [c.name.value for c in ctx.model.clusters] == ["ok"]
    assert sorted(d.file.display for d in ctx.documents if d.kind == "terraform") == ["broken.tf", "good.tf"]


def test_document_root_is_the_evaluated_file() -> None:
    ctx = _build("resources")
    doc = next(d for d in ctx.documents if d.kind == "terraform" and d.file.display == "main.tf")
    this = doc.root.get("resource", "aws_eks_cluster", "this")
    assert this is not None and (this.span.line, this.span.end_line) == (8, 26)
    mode = doc.root.get("resource", "aws_eks_cluster", "this", "access_config", 0, "authentication_mode")
    assert (mode.value, mode.span.line, mode.key_span.line) == ("API", 14, 14)


def test_single_file_loads_fast() -> None:
    text = (DATA / "resources" / "main.tf").read_text()
    sf = SourceFile(Path("main.tf"), "main.tf", text)
    extract_terraform([sf], [])  # warm the parser cache
    start = time.perf_counter()
    model, docs, problems = extract_terraform([SourceFile(Path("main.tf"), "main.tf", text)], [])
    assert time.perf_counter() - start < 0.2
    assert problems == [] and len(docs) == 1 and len(model.clusters) == 1


def test_hostile_input_does_not_crash() -> None:
    texts = [
        "locals { x = " + "[" * 3000 + "]" * 3000 + " }\n",
        'locals {\n  a = "${' + "(" * 500 + "1" + ")" * 500 + '}"\n}\n',
        "locals { y = <<EOT\n${local.y}\nEOT\n}\n",
        'resource "aws_eks_cluster" "c" { name = local.n }\nlocals { n = local.n }\n',
        "\x00\x01 not hcl {{{",
    ]
    results = [extract_terraform([SourceFile(Path(f"{i}.tf"), f"{i}.tf", text)], []) for i, text in enumerate(texts)]
    assert all(len(docs) == 1 for _, docs, _ in results)
    assert [bool(problems) for _, _, problems in results] == [False, False, False, False, True]
    (cluster,) = results[3][0].clusters
    assert cluster.name is not None and cluster.name.known is False  # local.n refers to itself


def test_strip_markers_in_quoted_strings_still_parse() -> None:
    text = 'resource "aws_eks_cluster" "c" {\n  name = "a-${~ "b" ~}-c"\n}\n'
    model, _, problems = extract_terraform([SourceFile(Path("s.tf"), "s.tf", text)], [])
    assert problems == []
    (cluster,) = model.clusters
    assert cluster.name.value == "a-b-c" and (cluster.name.span.line, cluster.name.span.col) == (2, 10)
