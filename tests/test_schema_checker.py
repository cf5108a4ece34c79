"""The schema checker: how values are read against the typed schemas."""

from __future__ import annotations

from ekslint.load.yaml_docs import parse_yaml
from ekslint.schema import eksctl, karpenter, nodeconfig
from ekslint.schema.check import ENUM, TYPE, UNKNOWN, Problem, check, closest
from ekslint.schema.types import ANY, BOOL, INT, MAP, NUM, STR, Enum, enum, list_of, lookup, map_of, obj, one_of
from ekslint.values import Span, V

SCHEMA = obj({
    "name": STR,
    "count": INT,
    "price": NUM,
    "enabled": BOOL,
    "mode": enum("Single", "HighlyAvailable"),
    "family": enum("IPv4", "IPv6", ignore_case=True),
    "items": list_of(STR),
    "labels": MAP,
    "free": ANY,
    "nested": obj({"enableSsm": BOOL, "sourceSecurityGroupIds": list_of(STR)}),
    "loose": map_of(obj({"id": STR}, lenient=True)),
    "taints": one_of(MAP, list_of(obj({"key": STR}))),
})


def problems(text: str) -> list[Problem]:
    return check(parse_yaml(text, "t.yaml")[0], SCHEMA)


def summary(text: str) -> list[tuple[str, str, str | None]]:
    return [(p.kind, p.path if p.kind != UNKNOWN else f"{p.path}:{p.key}", p.suggestion) for p in problems(text)]


def test_valid_document_has_no_problems() -> None:
    text = """
name: a
count: 3
price: 0.5
enabled: yes
mode: Single
family: ipv6
items: [a, b]
labels: {anything: [1, 2]}
free: {deep: {whatever: true}}
nested: {enableSsm: true}
loose: {us-east-1a: {id: subnet-1}}
taints: {dedicated: "batch:NoSchedule"}
"""
    assert problems(text) == []


def test_unknown_keys_get_the_closest_sibling() -> None:
    assert summary("nmae: a\nnested: {sourceSecurityGroupIDs: [sg-1]}\nzzz: 1\n") == [
        (UNKNOWN, ":nmae", "name"),
        (UNKNOWN, "nested:sourceSecurityGroupIDs", "sourceSecurityGroupIds"),
        (UNKNOWN, ":zzz", None),
    ]


def test_unknown_key_points_at_the_key_and_knows_a_case_only_difference() -> None:
    (p,) = problems("nested:\n  enableSSM: true\n")
    assert p.case_only and p.suggestion == "enableSsm" and p.keys == ("nested", "enableSSM")
    assert p.value.key_span is not None and (p.value.key_span.line, p.value.key_span.col) == (2, 3)


def test_lenient_objects_accept_keys_that_differ_only_in_case() -> None:
    assert summary("loose: {a: {ID: x}}\n") == []
    assert summary("loose: {a: {subnetId: x}}\n") == [(UNKNOWN, "loose.a:subnetId", "id")]


def test_go_json_typing() -> None:
    assert summary('enabled: "true"\ncount: "3"\nname: 12\nitems: a\nlabels: [a]\nnested: true\n') == [
        (TYPE, "enabled", None),
        (TYPE, "count", None),
        (TYPE, "name", None),
        (TYPE, "items", None),
        (TYPE, "labels", None),
        (TYPE, "nested", None),
    ]


def test_numbers_nulls_and_integral_floats() -> None:
    assert summary("count: 3.0\nprice: 2\nname:\nenabled: ~\nitems:\n") == []
    assert summary("count: 2.5\nenabled: 1\n") == [(TYPE, "count", None), (TYPE, "enabled", None)]


def test_enums_suggest_the_closest_value_and_may_ignore_case() -> None:
    assert summary("mode: single\nfamily: IPV4\n") == [(ENUM, "mode", "Single")]
    assert summary("mode: Single | HighlyAvailable\n") == []  # documentation listing the choices
    assert summary("mode: 3\n") == [(TYPE, "mode", None)]


def test_one_of_takes_the_option_of_the_value_shape() -> None:
    assert summary("taints: [{key: a}]\n") == []
    assert summary("taints: [{kye: a}]\n") == [(UNKNOWN, "taints[0]:kye", "key")]
    assert summary("taints: NoSchedule\n") == [(TYPE, "taints", None)]


def test_free_form_subtrees_are_never_entered() -> None:
    assert summary("free: {a: {b: [c]}}\nlabels: {x: {y: z}}\n") == []


def test_placeholders_and_unknown_values_are_not_judged() -> None:
    assert summary('enabled: "${ENABLED}"\ncount: <count>\nname: "..."\n"${KEY}": 1\nmode: $MODE\n') == []
    assert summary("name: [INSERT_NAME]\n") == []  # documentation's stand-in, read by YAML as a list
    root = V({"enabled": V(None, Span("t", 1), known=False), "count": V("3", Span("t", 2))}, Span("t", 1))
    # a value that does not come from YAML (quoted is None) is converted by Terraform: not judged
    assert check(root, SCHEMA) == []
    assert [p.kind for p in check(V({"mode": V("single", Span("t", 1))}, Span("t", 1)), SCHEMA)] == [ENUM]


def test_closest_prefers_case_then_similarity_then_affixes() -> None:
    assert closest("ENABLESSM", ("enableSsm", "allow")) == "enableSsm"
    assert closest("privateNetwork", ("privateNetworking", "publicKey")) == "privateNetworking"
    assert closest("clusterName", ("name", "cidr", "apiServerEndpoint")) == "name"
    assert closest("qqq", ("name",)) is None


def test_lookup_walks_lists_and_one_of() -> None:
    assert lookup(SCHEMA, ("taints", "key")) == STR
    assert lookup(SCHEMA, ("nested", "enableSsm")) == BOOL
    assert lookup(SCHEMA, ("nested", "nope")) is None
    assert lookup(SCHEMA, ("loose", "us-east-1a", "id")) == STR
    assert lookup(karpenter.NODEPOOL["v1beta1"], ("spec", "disruption", "expireAfter")) == STR
    assert lookup(karpenter.NODEPOOL["v1"], ("spec", "disruption", "expireAfter")) is None


def test_eksctl_node_group_kinds() -> None:
    assert {"instanceTypes", "spot", "launchTemplate", "releaseVersion", "nodeRepairConfig"} == eksctl.MANAGED_ONLY
    assert {"instancesDistribution", "kubeletExtraConfig", "clusterDNS", "targetGroupARNs"} <= eksctl.NODE_GROUP_ONLY
    assert "taints" not in eksctl.NODE_GROUP_ONLY | eksctl.MANAGED_ONLY
    # values other rules judge are loosely typed: no duplicate findings
    assert lookup(eksctl.CLUSTER_CONFIG, ("metadata", "version")) == ANY
    assert lookup(eksctl.CLUSTER_CONFIG, ("nodeGroups", "amiFamily")) == STR


def test_nodeconfig_schema_knows_every_spec_section_and_hybrid_fields() -> None:
    spec = lookup(nodeconfig.NODE_CONFIG, ("spec",))
    assert spec is not None and set(spec.fields) == {"cluster", "containerd", "instance", "kubelet", "featureGates",
                                                      "hybrid"}
    assert lookup(nodeconfig.NODE_CONFIG, ("spec", "kubelet", "config")) == MAP
    assert lookup(nodeconfig.NODE_CONFIG, ("spec", "instance", "localStorage", "strategy")) == STR


def test_karpenter_enums_and_loose_fields() -> None:
    policy = lookup(karpenter.NODEPOOL["v1"], ("spec", "disruption", "consolidationPolicy"))
    assert isinstance(policy, Enum) and "WhenUnderutilized" not in policy.values
    assert lookup(karpenter.NODEPOOL["v1"], ("spec", "template", "spec", "requirements", "operator")) == STR
    assert lookup(karpenter.EC2NODECLASS["v1"], ("spec", "amiFamily")) == STR
    assert lookup(karpenter.EC2NODECLASS["v1"], ("spec", "kubelet")) == ANY


def test_deep_documents_are_fast_and_bounded() -> None:
    text = "nodeGroups:\n" + "".join(f"  - name: ng{i}\n    labels: {{a: b}}\n    ssh: {{allow: true}}\n" for i in range(2000))
    root = parse_yaml("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n" + text, "big.yaml")[0]
    assert check(root, eksctl.CLUSTER_CONFIG) == []
