"""YAML loading: go-yaml v2 scalar rules, positions, embedded YAML, hostile input."""

from __future__ import annotations

from pathlib import Path

import pytest

from ekslint.engine import build
from ekslint.extract.aws_auth import extract_configmap
from ekslint.extract.userdata import bootstrap_from_user_data, split_mime
from ekslint.load.yaml_docs import YamlLoadError, classify, parse_yaml


def test_yaml11_booleans_and_unquoted_version_read_as_go_does() -> None:
    (doc,) = parse_yaml("a: yes\nb: off\nc: 'yes'\nversion: 1.30\nq: \"1.30\"\nn: 012\n", "f.yaml")
    assert doc.get("a").value is True
    assert doc.get("b").value is False
    assert doc.get("c").value == "yes"
    assert doc.get("version").value == 1.3 and doc.get("version").quoted is False
    assert doc.get("q").value == "1.30" and doc.get("q").quoted is True
    assert doc.get("n").value == 10  # YAML 1.1 octal


def test_positions_of_keys_and_values() -> None:
    text = "metadata:\n  name: prod\n  region: eu-west-1\n"
    (doc,) = parse_yaml(text, "c.yaml")
    region = doc.get("metadata", "region")
    assert (region.span.line, region.span.col, region.span.end_col) == (3, 11, 19)
    assert (region.key_span.line, region.key_span.col) == (3, 3)


def test_multi_document_stream_and_classification() -> None:
    text = (
        "apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: {name: a}\n---\n"
        "apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata: {name: b}\n"
    )
    docs = parse_yaml(text, "k.yaml")
    assert [classify(d)[0] for d in docs] == ["nodepool", "ec2nodeclass"]
    assert docs[1].get("metadata", "name").span.line == 7


def test_syntax_error_has_a_position() -> None:
    with pytest.raises(YamlLoadError) as e:
        parse_yaml("a:\n  b: 1\n   c: 2\n", "x.yaml")
    assert e.value.line == 3


def test_alias_bomb_is_a_load_error_not_a_hang() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 10)}]")
    with pytest.raises(YamlLoadError, match="too large"):
        parse_yaml("\n".join(lines) + "\n", "bomb.yaml")


def test_deep_nesting_is_a_load_error() -> None:
    text = "a: " + "[" * 3000 + "]" * 3000 + "\n"
    with pytest.raises(YamlLoadError):
        parse_yaml(text, "deep.yaml")


AWS_AUTH = """apiVersion: v1
kind: ConfigMap
metadata:
  name: aws-auth
  namespace: kube-system
data:
  mapRoles: |
    - rolearn: arn:aws:iam::111122223333:role/nodes
      username: system:node:{{EC2PrivateDNSName}}
      groups:
        - system:bootstrappers
        - system:nodes
    - rolearn: arn:aws:iam::111122223333:role/admins
      username: admin
"""


def test_aws_auth_inner_yaml_positions_map_to_outer_lines() -> None:
    (doc,) = parse_yaml(AWS_AUTH, "aws-auth.yaml")
    auth = extract_configmap(doc, AWS_AUTH.splitlines())
    assert [m.arn.value.rsplit("/", 1)[1] for m in auth.mappings] == ["nodes", "admins"]
    first, second = auth.mappings
    assert (first.arn.span.line, first.arn.span.col) == (8, 16)
    assert [g.span.line for g in first.groups] == [11, 12]
    assert second.username.span.line == 14
    assert auth.problems == []


def test_aws_auth_invalid_inner_yaml_is_a_problem_on_the_outer_line() -> None:
    text = AWS_AUTH.replace("      username: admin", "     username: admin")
    (doc,) = parse_yaml(text, "aws-auth.yaml")
    auth = extract_configmap(doc, text.splitlines())
    assert auth.mappings == []
    ((_value, message, where),) = auth.problems
    assert where.line == 14 and "not valid YAML" in message


MIME = """MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="BOUNDARY"

--BOUNDARY
Content-Type: application/node.eks.aws

apiVersion: node.eks.aws/v1alpha1
kind: NodeConfig
spec:
  cluster:
    name: prod
--BOUNDARY
Content-Type: text/x-shellscript; charset="us-ascii"

#!/bin/bash
/etc/eks/bootstrap.sh prod --b64-cluster-ca abc \\
  --apiserver-endpoint https://example.com
--BOUNDARY--
"""


def test_mime_parts_and_positions() -> None:
    parts = split_mime(MIME)
    assert [p.media_type for p in parts] == ["application/node.eks.aws", "text/x-shellscript"]
    boot = bootstrap_from_user_data(MIME, "ud.txt", 1, source="userdata")
    assert boot is not None and boot.container == "mime"
    (nc,) = boot.nodeconfigs
    assert nc.get("spec", "cluster", "name").span.line == 11
    (call,) = boot.bootstrap_calls
    assert [w.value for w in call] == [
        "/etc/eks/bootstrap.sh", "prod", "--b64-cluster-ca", "abc", "--apiserver-endpoint", "https://example.com",
    ]
    assert call[0].span.line == 16 and call[4].span.line == 17


def test_user_data_with_offset_points_into_the_holding_file() -> None:
    boot = bootstrap_from_user_data("#!/bin/bash\n/etc/eks/bootstrap.sh my-cluster\n", "main.tf", 40, source="terraform", col=5)
    (call,) = boot.bootstrap_calls
    assert (call[1].span.line, call[1].span.col) == (41, 5 + len("/etc/eks/bootstrap.sh "))


def test_broken_and_binary_files_do_not_stop_the_run(tmp_path: Path) -> None:
    (tmp_path / "good.yaml").write_text("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a, region: us-east-1}\n")
    (tmp_path / "bad.yaml").write_text("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: a\n   region: x\n")
    (tmp_path / "bin.yaml").write_bytes(b"\x00\x01\x02apiVersion")
    (tmp_path / "latin1.yaml").write_bytes("name: caf\xe9\n".encode("latin-1"))
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbfapiVersion: eksctl.io/v1alpha5\r\nkind: ClusterConfig\r\nmetadata: {name: b, region: us-east-1}\r\n")
    ctx, errors = build([tmp_path], tmp_path)
    assert errors == []
    assert sorted(c.name.value for c in ctx.model.clusters) == ["a", "b"]
    problems = sorted((p.span.file, p.span.line, p.code) for p in ctx.problems)
    assert problems == [("bad.yaml", 5, "EKS001"), ("bin.yaml", 1, "EKS002"), ("latin1.yaml", 1, "EKS002")]


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "c.yaml").write_text("apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata: {name: a, region: us-east-1}\n")
    (tmp_path / "a" / "loop").symlink_to(tmp_path)
    ctx, errors = build([tmp_path], tmp_path)
    assert errors == [] and len(ctx.model.clusters) == 1


def test_terraform_templates_are_not_reported_as_broken_yaml(tmp_path: Path) -> None:
    (tmp_path / "al2023_user_data.tpl").write_text(
        "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n"
        "    name: ${cluster_name}\n%{ if enable_x ~}\n    cidr: ${cidr}\n%{ endif ~}\n"
    )
    ctx, errors = build([tmp_path], tmp_path)
    assert errors == [] and ctx.problems == []


def test_scripts_that_write_manifests_are_not_reported_as_broken_yaml(tmp_path: Path) -> None:
    script = (
        "#!/bin/bash\nset -e\n\ncat << EOF > /tmp/nodepool.yaml\napiVersion: karpenter.sh/v1\nkind: NodePool\n"
        "metadata:\n  name: default\nEOF\nkubectl apply -f /tmp/nodepool.yaml\n"
    )
    (tmp_path / "test.sh").write_text(script)
    (tmp_path / "deploy").write_text(script)  # no extension: not read at all
    (tmp_path / "broken.txt").write_text("apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata: [\n")
    ctx, errors = build([tmp_path], tmp_path)
    assert errors == []
    assert [(p.span.file, p.code) for p in ctx.problems] == [("broken.txt", "EKS001")]
