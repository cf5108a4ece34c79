"""CloudFormation templates (YAML short forms and JSON) read into the model, so model rules fire on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ekslint import documents as kinds
from ekslint.engine import build
from ekslint.load import yaml_docs
from ekslint.load.yaml_docs import parse_yaml
from ekslint.values import UNKNOWN_CHAR
from tests.helpers import lint_tree

CLUSTER = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  KubernetesVersion:
    Type: String
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: demo
      Version: "1.31"
      RoleArn: !GetAtt ClusterRole.Arn
      ResourcesVpcConfig:
        SubnetIds: [subnet-0a, subnet-0b]
      AccessConfig:
        AuthenticationMode: API_AND_CONFIG_MAP
"""

NODE_ROLE = """\
  NodeRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: demo-nodes
      Path: /eks/
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal:
              Service: [ec2.amazonaws.com]
            Action: sts:AssumeRole
"""


def _write(tmp_path: Path, text: str, name: str = "stack.yaml") -> Path:
    (tmp_path / name).write_text(text)
    return tmp_path


def _findings(tmp_path: Path, select: list[str]) -> list[tuple[int, str, str]]:
    return [(line, rid, sev) for _, line, rid, sev in lint_tree(tmp_path, select)]


@pytest.mark.parametrize("fast", [True, False])
def test_short_forms_read_as_long_forms(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_docs, "FAST", fast)
    text = ("a: !Ref X\nb: !GetAtt Role.Arn\nc: !Sub [\"${A}-x\", {A: !Ref B}]\n"
            "d: !Base64\n  Fn::Sub: |\n    echo ${AWS::Region}\ne: !Join [\"\", [a, !Ref Y]]\n")
    root = parse_yaml(text, "t.yaml")[0]
    assert root.plain() == {
        "a": {"Ref": "X"}, "b": {"Fn::GetAtt": "Role.Arn"}, "c": {"Fn::Sub": ["${A}-x", {"A": {"Ref": "B"}}]},
        "d": {"Fn::Base64": {"Fn::Sub": "echo ${AWS::Region}\n"}}, "e": {"Fn::Join": ["", ["a", {"Ref": "Y"}]]},
    }
    assert root.get("a").span.line == 1 and root.get("a", "Ref").span.line == 1


def test_classification_and_values(tmp_path: Path) -> None:
    text = CLUSTER + NODE_ROLE + """\
  Entry:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref Cluster
      PrincipalArn: !Sub "arn:aws:iam::${AWS::AccountId}:role/admins"
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: !GetAtt NodeRole.Arn
      Version: !Ref KubernetesVersion
      Labels: {team: !Sub "${AWS::StackName}-a", tier: web}
"""
    ctx, errors = build([_write(tmp_path, text)], base=tmp_path)
    assert errors == []
    assert [d.kind for d in ctx.documents] == [kinds.CLOUDFORMATION]
    model = ctx.model
    (cluster,) = model.clusters
    assert cluster.source == "cloudformation" and cluster.name.value == "demo" and cluster.auth_mode == "API_AND_CONFIG_MAP"
    (role,) = model.iam_roles
    assert role.role_name == "demo-nodes" and role.trusted_services == {"ec2.amazonaws.com"}
    (ng,) = model.node_groups
    assert ng.cluster is cluster and ng.role is not None and ng.role.role is role
    assert ng.version is not None and not ng.version.known and ng.version.ref == "KubernetesVersion"
    assert ng.labels.get("tier").value == "web" and not ng.labels.get("team").known
    (entry,) = model.access_entries
    assert entry.cluster is cluster
    assert not entry.principal.value.known and entry.principal.value.partial == f"arn:aws:iam::{UNKNOWN_CHAR}:role/admins"


def test_json_template(tmp_path: Path) -> None:
    template = {
        "Resources": {
            "Cluster": {"Type": "AWS::EKS::Cluster", "Properties": {
                "Name": "demo", "Version": "1.31",
                "ResourcesVpcConfig": {"EndpointPublicAccess": False}}},
            "Nodes": {"Type": "AWS::EKS::Nodegroup", "Properties": {
                "ClusterName": {"Ref": "Cluster"}, "NodeRole": {"Fn::GetAtt": ["NodeRole", "Arn"]},
                "Version": "1.32"}},
        },
    }
    _write(tmp_path, json.dumps(template, indent=2), "stack.json")
    assert _findings(tmp_path, ["EKS116", "EKS201"]) == [(9, "EKS116", "error"), (25, "EKS201", "error")]


def test_standard_entry_with_system_group(tmp_path: Path) -> None:
    text = CLUSTER + """\
  Admins:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref Cluster
      PrincipalArn: arn:aws:iam::111122223333:role/admins
      KubernetesGroups:
        - system:masters
      AccessPolicies:
        - PolicyArn: arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy
          AccessScope:
            Type: cluster
"""
    assert _findings(_write(tmp_path, text), ["EKS401"]) == [(22, "EKS401", "error")]


def test_node_group_versions(tmp_path: Path) -> None:
    text = CLUSTER + """\
  Newer:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/nodes
      Version: "1.32"
  Older:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: demo
      NodeRole: arn:aws:iam::111122223333:role/nodes
      Version: "1.27"
"""
    found = _findings(_write(tmp_path, text), ["EKS201", "EKS202"])
    assert found == [(21, "EKS201", "error"), (27, "EKS202", "warning")]


def test_both_endpoints_off(tmp_path: Path) -> None:
    text = CLUSTER.replace("SubnetIds: [subnet-0a, subnet-0b]\n",
                           "SubnetIds: [subnet-0a, subnet-0b]\n        EndpointPublicAccess: false\n"
                           "        EndpointPrivateAccess: false\n")
    assert _findings(_write(tmp_path, text), ["EKS116"]) == [(14, "EKS116", "error")]


def test_bootstrap_sh_in_al2023_user_data(tmp_path: Path) -> None:
    text = CLUSTER + NODE_ROLE + """\
  NodeTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData: !Base64
          Fn::Sub: |
            #!/bin/bash
            set -e
            /etc/eks/bootstrap.sh ${Cluster} --kubelet-extra-args '--node-labels=team=a'
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: !GetAtt NodeRole.Arn
      AmiType: AL2023_x86_64_STANDARD
      LaunchTemplate:
        Id: !Ref NodeTemplate
        Version: !GetAtt NodeTemplate.LatestVersionNumber
"""
    ctx, _ = build([_write(tmp_path, text)], base=tmp_path)
    (ng,) = ctx.model.node_groups
    assert ng.bootstrap is not None and ng.bootstrap.source == "cloudformation"
    assert ng.bootstrap.bootstrap_calls[0][1].value == "${Cluster}"
    assert _findings(tmp_path, ["EKS303"]) == [(36, "EKS303", "warning")]


def test_unknown_values_give_no_findings(tmp_path: Path) -> None:
    text = """\
Parameters:
  Version: {Type: String}
  Public: {Type: String}
  Groups: {Type: CommaDelimitedList}
Conditions:
  Admin: !Equals [!Ref "AWS::Region", us-east-1]
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Name: !Sub "${AWS::StackName}-eks"
      Version: !Ref Version
      ResourcesVpcConfig:
        SubnetIds: !Split [",", !ImportValue subnets]
        EndpointPublicAccess: !Ref Public
        EndpointPrivateAccess: !If [Admin, false, false]
      AccessConfig:
        AuthenticationMode: !If [Admin, API, API_AND_CONFIG_MAP]
  Entry:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref Cluster
      PrincipalArn: !GetAtt AdminRole.Arn
      Type: !If [Admin, STANDARD, EC2_LINUX]
      KubernetesGroups:
        - !If [Admin, "system:masters", devs]
        - !Sub "${AWS::StackName}:devs"
        - !Select [0, !Ref Groups]
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:role/${AWS::StackName}-nodes"
      Version: !FindInMap [Versions, !Ref "AWS::Region", nodes]
      AmiType: !If [Admin, AL2023_x86_64_STANDARD, AL2_x86_64]
      Labels:
        team: !Ref AWS::StackName
"""
    _write(tmp_path, text)
    report_ids = {rid for _, _, rid, _ in lint_tree(tmp_path)}
    assert report_ids == set()


def test_user_data_in_a_json_string(tmp_path: Path) -> None:
    template = {
        "Resources": {
            "NodeTemplate": {"Type": "AWS::EC2::LaunchTemplate", "Properties": {"LaunchTemplateData": {
                "UserData": {"Fn::Base64": {"Fn::Sub": "#!/bin/bash\nset -e\n/etc/eks/bootstrap.sh ${ClusterName}\n"}}}}},
            "Nodes": {"Type": "AWS::EKS::Nodegroup", "Properties": {
                "ClusterName": {"Ref": "ClusterName"}, "NodeRole": "arn:aws:iam::111122223333:role/nodes",
                "AmiType": "AL2023_ARM_64_STANDARD", "LaunchTemplate": {"Id": {"Ref": "NodeTemplate"}}}},
        },
    }
    _write(tmp_path, json.dumps(template, indent=1), "stack.json")
    # the user data's lines are inside one JSON string: the finding sits on that string's line
    assert _findings(tmp_path, ["EKS303"]) == [(9, "EKS303", "warning")]
