"""JSONPath selection over positioned documents."""

from ekslint.load.yaml_docs import parse_yaml
from ekslint.select import select

DOC = """managedNodeGroups:
  - name: a
    privateNetworking: true
  - name: b
nodeGroups:
  - name: c
    privateNetworking: false
"""


def test_select_returns_positioned_scalars_and_containers() -> None:
    (root,) = parse_yaml(DOC, "c.yaml")
    found = select(root, "$.managedNodeGroups[*].privateNetworking")
    assert [(v.value, v.span.line) for v in found] == [(True, 3)]
    groups = select(root, "$.nodeGroups[*]")
    assert [g.get("name").value for g in groups] == ["c"]
    names = select(root, "$..name")
    assert sorted((v.value, v.span.line) for v in names) == [("a", 2), ("b", 4), ("c", 6)]
