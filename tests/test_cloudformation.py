"""CloudFormation templates (YAML short forms and JSON) read into the model, so model rules fire on them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ekslint import documents as kinds
from ekslint.engine import build, run
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


# -- self-managed nodes: the AWS-published node group template style ---------------------------

SELF_MANAGED = """\
AWSTemplateFormatVersion: "2010-09-09"
Description: Amazon EKS - Node Group
Parameters:
  BootstrapArguments:
    Type: String
    Default: "--kubelet-extra-arg '--node-labels=team=web'"
  ClusterName:
    Type: String
  NodeImageIdSSMParam:
    Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>"
    Default: /aws/service/eks/optimized-ami/1.32/amazon-linux-2/recommended/image_id
  NodeAutoScalingGroupMinSize:
    Type: Number
    Default: 4
  NodeAutoScalingGroupMaxSize:
    Type: Number
    Default: 3
Resources:
  NodeInstanceRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: [ec2.amazonaws.com]}
            Action: [sts:AssumeRole]
  NodeInstanceProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref NodeInstanceRole]
  NodeLaunchTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        IamInstanceProfile:
          Arn: !GetAtt NodeInstanceProfile.Arn
        ImageId: !Ref NodeImageIdSSMParam
        UserData: !Base64
          "Fn::Sub": |
            #!/bin/bash
            set -o xtrace
            /etc/eks/bootstrap.sh ${ClusterName} ${BootstrapArguments} --use-max-pod false
            /opt/aws/bin/cfn-signal --exit-code $? \\
                     --stack  ${AWS::StackName} \\
                     --resource NodeGroup  \\
                     --region ${AWS::Region}
  NodeGroup:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      DesiredCapacity: 3
      LaunchTemplate:
        LaunchTemplateId: !Ref NodeLaunchTemplate
        Version: !GetAtt NodeLaunchTemplate.LatestVersionNumber
      MaxSize: !Ref NodeAutoScalingGroupMaxSize
      MinSize: !Ref NodeAutoScalingGroupMinSize
      VPCZoneIdentifier: [subnet-0a, subnet-0b]
"""


@pytest.mark.parametrize("fast", [True, False])
def test_self_managed_node_group(tmp_path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_docs, "FAST", fast)
    ctx, errors = build([_write(tmp_path, SELF_MANAGED)], base=tmp_path)
    assert errors == []
    (ng,) = ctx.model.node_groups
    assert (ng.kind, ng.address, ng.ami_family) == ("self-managed", "NodeGroup", "AL2")
    assert ng.role is not None and ng.role.role is not None and ng.role.role.address == "NodeInstanceRole"
    assert (ng.min_size.value, ng.max_size.value, ng.min_size.span.line) == (4, 3, 14)
    assert ng.bootstrap is not None and not ng.bootstrap.cluster_details_supplied
    (call,) = ng.bootstrap.bootstrap_calls
    # each word where the template writes it: the script line, or the parameter default put into it
    assert [(w.value, w.span.line, w.span.col) for w in call] == [
        ("/etc/eks/bootstrap.sh", 42, 13), ("${ClusterName}", 42, 35), ("--kubelet-extra-arg", 6, 15),
        ("--node-labels=team=web", 6, 36), ("--use-max-pod", 42, 72), ("false", 42, 86)]
    # the option misspelt in the parameter default is reported there, the one in the script on its line
    assert _findings(tmp_path, ["EKS204", "EKS316", "EKS317"]) == [
        (6, "EKS317", "warning"), (14, "EKS204", "error"), (42, "EKS317", "warning")]


def test_launch_configuration_with_join_user_data(tmp_path: Path) -> None:
    text = """\
Parameters:
  ClusterName: {Type: String}
  MaxPods: {Type: Number, Default: 58}
Resources:
  NodeLaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-0123456789abcdef0
      IamInstanceProfile: !Ref NodeInstanceProfile
      UserData:
        Fn::Base64:
          Fn::Join: [
            "",
            [
              "#!/bin/bash\\n",
              "/etc/eks/bootstrap.sh ", {Ref: ClusterName},
              " --kubelet-extra-args '--max-pods=", {Ref: MaxPods}, "' --container-runtime dockerd\\n",
              "echo /etc/eks/bootstrap.sh --not-a-call\\n"
            ]
          ]
  NodeInstanceProfile:
    Type: AWS::IAM::InstanceProfile
    Properties: {Roles: [!Ref NodeInstanceRole]}
  NodeInstanceRole:
    Type: AWS::IAM::Role
  NodeGroup:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchConfigurationName: !Ref NodeLaunchConfig
      MinSize: "1"
      MaxSize: "2"
"""
    ctx, _ = build([_write(tmp_path, text)], base=tmp_path)
    (ng,) = ctx.model.node_groups
    assert ng.kind == "self-managed" and ng.role.role.address == "NodeInstanceRole"
    (call,) = ng.bootstrap.bootstrap_calls
    assert [(w.value, w.span.line, w.span.col) for w in call] == [
        ("/etc/eks/bootstrap.sh", 16, 16), ("${ClusterName}", 16, 41), ("--kubelet-extra-args", 17, 17),
        ("--max-pods=58", 17, 39), ("--container-runtime", 17, 72), ("dockerd", 17, 92)]
    assert _findings(tmp_path, ["EKS3"]) == [(17, "EKS322", "error")]


def test_sub_with_a_variable_map(tmp_path: Path) -> None:
    text = """\
Resources:
  NodeTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData:
          Fn::Base64: !Sub
            - |
              #!/bin/bash
              /etc/eks/bootstrap.sh ${Name} ${Extra} --dns-cluster-ip ${!NotSubstituted}
            - Name: !ImportValue cluster-name
              Extra: --b64-cluster-ca-file
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchTemplate: {LaunchTemplateId: !Ref NodeTemplate, Version: "1"}
      MinSize: "0"
      MaxSize: "1"
"""
    ctx, _ = build([_write(tmp_path, text)], base=tmp_path)
    (call,) = ctx.model.node_groups[0].bootstrap.bootstrap_calls
    assert [(w.value, w.span.line, w.span.col) for w in call] == [
        ("/etc/eks/bootstrap.sh", 10, 15), ("${Name}", 10, 37), ("--b64-cluster-ca-file", 12, 22),
        ("--dns-cluster-ip", 10, 54), ("${NotSubstituted}", 10, 71)]
    assert _findings(tmp_path, ["EKS317"]) == [(12, "EKS317", "warning")]


# -- AL2023: MIME NodeConfig in the user data ---------------------------------------------------

AL2023_TEMPLATE = """\
Parameters:
  ClusterName: {Type: String}
  Endpoint: {Type: String}
  CA: {Type: String}
Resources:
  NodeTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: ami-0123456789abcdef0
        UserData:
          Fn::Base64: !Sub |
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="BOUNDARY"

            --BOUNDARY
            Content-Type: application/node.eks.aws

            ---
            apiVersion: node.eks.aws/v1alpha1
            kind: NodeConfig
            spec:
              cluster:
                name: ${ClusterName}
                apiServerEndpoint: ${Endpoint}
                certificateAuthority: ${CA}
              kubelet:
                flags:
                  - --node-labels=node-role.kubernetes.io/worker=true

            --BOUNDARY--
  Nodes:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      LaunchTemplate: {LaunchTemplateId: !Ref NodeTemplate, Version: !GetAtt NodeTemplate.LatestVersionNumber}
      MinSize: "1"
      MaxSize: "3"
"""


@pytest.mark.parametrize("fast", [True, False])
def test_al2023_nodeconfig_in_sub_block(tmp_path: Path, fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_docs, "FAST", fast)
    _write(tmp_path, AL2023_TEMPLATE)
    # self-managed: nothing supplies the service CIDR; the kubelet label is one kubelet refuses
    assert _findings(tmp_path, ["EKS301", "EKS327"]) == [(23, "EKS301", "error"), (29, "EKS327", "error")]


def test_al2023_nodeconfig_of_a_managed_node_group(tmp_path: Path) -> None:
    text = AL2023_TEMPLATE.replace("        ImageId: ami-0123456789abcdef0\n", "").split("  Nodes:\n")[0] + """\
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref ClusterName
      NodeRole: arn:aws:iam::111122223333:role/nodes
      AmiType: AL2023_x86_64_STANDARD
      LaunchTemplate: {Id: !Ref NodeTemplate}
"""
    _write(tmp_path, text)
    # EKS supplies the cluster details of a managed node group on an EKS AMI
    assert _findings(tmp_path, ["EKS301", "EKS327"]) == [(28, "EKS327", "error")]


# -- access entries and node groups ---------------------------------------------------------------

def test_access_entries_and_node_role(tmp_path: Path) -> None:
    text = CLUSTER + NODE_ROLE + """\
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: !GetAtt NodeRole.Arn
  NodeEntry:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref Cluster
      PrincipalArn: !GetAtt NodeRole.Arn
      Type: STANDARD
  NodeGroupsEntry:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref Cluster
      PrincipalArn: arn:aws:iam::111122223333:role/other-nodes
      Type: STANDARD
      KubernetesGroups: [system:nodes]
  LinuxEntry:
    Type: AWS::EKS::AccessEntry
    Properties:
      ClusterName: !Ref Cluster
      PrincipalArn: arn:aws:iam::111122223333:role/linux-nodes
      Type: EC2_LINUX
      KubernetesGroups: [system:bootstrappers]
"""
    ctx, _ = build([_write(tmp_path, text)], base=tmp_path)
    node_entry = next(e for e in ctx.model.access_entries if e.address == "NodeEntry")
    assert node_entry.principal.role is not None and node_entry.principal.role.role_name == "demo-nodes"
    assert _findings(tmp_path, ["EKS401", "EKS402", "EKS451"]) == [
        (38, "EKS451", "error"), (45, "EKS401", "error"), (52, "EKS402", "error")]


def test_node_group_values_from_parameter_defaults(tmp_path: Path) -> None:
    text = """\
Parameters:
  ClusterVersion: {Type: String, Default: "1.31"}
  NodeVersion:
    Type: String
    Default: "1.27"
  MinNodes: {Type: Number, Default: "3"}
  Types: {Type: CommaDelimitedList, Default: "m5.large,m5.xlarge"}
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties:
      Version: !Ref ClusterVersion
      ResourcesVpcConfig: {SubnetIds: [subnet-0a]}
  Nodes:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/nodes
      Version: !Ref NodeVersion
      InstanceTypes: !Ref Types
      ScalingConfig:
        MinSize: !Ref MinNodes
        DesiredSize: 2
        MaxSize: 4
"""
    ctx, _ = build([_write(tmp_path, text)], base=tmp_path)
    (ng,) = ctx.model.node_groups
    assert [t.value for t in ng.instance_types] == ["m5.large", "m5.xlarge"] and ng.min_size.value == 3
    assert _findings(tmp_path, ["EKS202", "EKS204"]) == [(5, "EKS202", "warning"), (23, "EKS204", "error")]


def test_no_value_removes_the_property(tmp_path: Path) -> None:
    text = CLUSTER.replace("      AccessConfig:\n        AuthenticationMode: API_AND_CONFIG_MAP\n",
                           "      AccessConfig:\n        AuthenticationMode: !Ref AWS::NoValue\n")
    ctx, _ = build([_write(tmp_path, text)], base=tmp_path)
    (cluster,) = ctx.model.clusters
    assert cluster.authentication_mode is None and cluster.auth_mode == "CONFIG_MAP"


def test_resources_under_different_conditions(tmp_path: Path) -> None:
    entry = """\
  {name}:
    Type: AWS::EKS::AccessEntry{condition}
    Properties:
      ClusterName: demo
      PrincipalArn: !GetAtt NodeRole.Arn
      Type: {type}
"""
    head = "Conditions:\n  Linux: !Equals [!Ref Os, linux]\n  Windows: !Not [Condition: Linux]\nResources:\n"
    exclusive = head + entry.format(name="A", condition="\n    Condition: Linux", type="EC2_LINUX") + entry.format(
        name="B", condition="\n    Condition: Windows", type="EC2_WINDOWS")
    assert _findings(_write(tmp_path, exclusive), ["EKS459"]) == []
    together = head + entry.format(name="A", condition="", type="EC2_LINUX") + entry.format(
        name="B", condition="\n    Condition: Windows", type="EC2_WINDOWS")
    assert _findings(_write(tmp_path, together), ["EKS459"]) == [(16, "EKS459", "error")]


# -- unknown values, and templates that are not about EKS -----------------------------------------

def test_unknown_user_data_gives_no_findings(tmp_path: Path) -> None:
    text = """\
Parameters:
  ClusterName: {Type: String}
  BootstrapArguments: {Type: String}
  UseNodeadm: {Type: String, Default: "false"}
  Cidr: {Type: String}
Conditions:
  Nodeadm: !Equals [!Ref UseNodeadm, "true"]
Resources:
  Lt1:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData: !Base64
          Fn::Sub: |
            #!/bin/bash
            /etc/eks/bootstrap.sh ${BootstrapArguments} ${ClusterName}
            /etc/eks/bootstrap.sh ${ClusterName} --b64-cluster-ca ${AWS::StackName} ${BootstrapArguments}
  Lt2:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData: !If
          - Nodeadm
          - !Base64 "#!/bin/bash\\n/etc/eks/bootstrap.sh --typo"
          - !Ref AWS::NoValue
  Lt3:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData: !Base64 {"Fn::Join": ["", ["#!/bin/bash\\n/etc/eks/bootstrap.sh ", !If [Nodeadm, a, b], " ", !Ref Extra]]}
  Lt4:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData:
          Fn::Base64: !Sub |
            Content-Type: multipart/mixed; boundary="B"
            MIME-Version: 1.0

            --B
            Content-Type: application/node.eks.aws

            apiVersion: node.eks.aws/v1alpha1
            kind: NodeConfig
            spec:
              cluster:
                name: ${ClusterName}
                apiServerEndpoint: ${Cluster.Endpoint}
                certificateAuthority: ${Cluster.CertificateAuthorityData}
                cidr: ${Cidr}
            --B--
  Asg1:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {LaunchTemplate: {LaunchTemplateId: !Ref Lt1}, MinSize: !Ref Min, MaxSize: "1"}
  Asg4:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {LaunchTemplate: {LaunchTemplateId: !Ref Lt4}, MinSize: "1", MaxSize: !If [Nodeadm, "0", "2"]}
"""
    _write(tmp_path, text)
    assert lint_tree(tmp_path) == []


def test_templates_that_are_not_about_eks(tmp_path: Path) -> None:
    (tmp_path / "sam.yaml").write_text("""\
AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          SCRIPT: !Sub |
            #!/bin/bash
            /etc/eks/bootstrap.sh ${Table} --bad-flag
          ARN: !GetAtt Table.Arn
  Table:
    Type: AWS::Serverless::SimpleTable
""")
    (tmp_path / "vpc.template").write_text(json.dumps({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {"Vpc": {"Type": "AWS::EC2::VPC", "Properties": {"CidrBlock": "10.0.0.0/16"}}}}))
    (tmp_path / "weird.yaml").write_text("""\
AWSTemplateFormatVersion: "2010-09-09"
Parameters: {P: {Type: String, Default: {a: 1}}, L: {Type: CommaDelimitedList, Default: 5}, Bad: []}
Mappings: []
Resources:
  NotAMap: [1, 2]
  NoType: {Properties: {}}
  Cluster: {Type: "AWS::EKS::Cluster", Properties: [a, b]}
  Ng:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Join [1, 2]
      NodeRole: !GetAtt [NodeRole]
      Version: !Select [x, !Ref L]
      Labels: !FindInMap [A, B]
      LaunchTemplate: {Id: !Ref Lt, Name: 5}
  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties: {LaunchTemplateData: {UserData: !Base64 {Fn::Sub: [5, {}]}}}
  Lt2:
    Type: AWS::EC2::LaunchTemplate
    Properties: {LaunchTemplateData: {UserData: !Base64 {Fn::Join: ["", !Ref L]}, IamInstanceProfile: 3}}
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {LaunchTemplate: {LaunchTemplateId: !Ref Lt2}, MixedInstancesPolicy: 7, LaunchConfigurationName: !Ref Asg}
  Prof: {Type: "AWS::IAM::InstanceProfile", Properties: {Roles: !Ref L}}
  Entry:
    Type: AWS::EKS::AccessEntry
    Properties: {ClusterName: !ImportValue c, KubernetesGroups: !Ref L, AccessPolicies: [1, {AccessScope: 3}]}
""")
    # other tools' custom tags, and CloudFormation tags in files that are not templates
    (tmp_path / "home.yaml").write_text("api_password: !secret pw\nsensor: !include sensors.yaml\nstage: !Ref Thing\n")
    (tmp_path / ".gitlab-ci.yml").write_text(
        "test:\n  script:\n    - !reference [.setup, script]\n    - /etc/eks/bootstrap.sh my-cluster --bad-flag\n")
    (tmp_path / "serverless.yml").write_text("""\
service: demo
resources:
  Resources:
    Entry:
      Type: AWS::EKS::AccessEntry
      Properties: {ClusterName: demo, PrincipalArn: !GetAtt NodeRole.Arn, KubernetesGroups: [system:masters]}
""")
    ctx, errors = build([tmp_path], base=tmp_path)
    assert errors == []
    assert sorted(d.file.display for d in ctx.documents if d.kind == kinds.CLOUDFORMATION) == [
        "sam.yaml", "vpc.template", "weird.yaml"]
    assert lint_tree(tmp_path) == []


def test_ami_type_rules(tmp_path: Path) -> None:
    text = """\
Parameters:
  Arch: {Type: String}
  Types: {Type: CommaDelimitedList, Default: "m7g.large"}
Resources:
  Cluster:
    Type: AWS::EKS::Cluster
    Properties: {Name: demo, Version: "1.33", ResourcesVpcConfig: {SubnetIds: [a]}}
  Arm:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/nodes
      AmiType: AL2023_x86_64_STANDARD
      InstanceTypes: !Ref Types
  Unset:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/nodes
      InstanceTypes: [c7g.large]
  Unknown:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/nodes
      AmiType: !Ref Arch
      InstanceTypes: [c7g.large]
  Al2:
    Type: AWS::EKS::Nodegroup
    Properties:
      ClusterName: !Ref Cluster
      NodeRole: arn:aws:iam::111122223333:role/nodes
      AmiType: AL2_x86_64
"""
    report = run([_write(tmp_path, text)], select=["EKS203", "EKS226"], base=tmp_path)
    assert [(f.span.line, f.rule_id, f.severity.label) for f in report.findings] == [
        (3, "EKS226", "error"), (20, "EKS226", "error"), (33, "EKS203", "error")]
    assert "`AmiType: AL2023_ARM_64_STANDARD`" in report.findings[0].message
    assert "`AmiType: AL2023_x86_64_STANDARD`" in report.findings[2].message


def test_ec2_instance_with_user_data(tmp_path: Path) -> None:
    text = """\
Parameters:
  ClusterName: {Type: String, Default: demo}
Resources:
  Profile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      InstanceProfileName: demo-nodes
      Roles: [!Ref NodeRole]
  NodeRole:
    Type: AWS::IAM::Role
  Node:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      IamInstanceProfile: demo-nodes
      UserData: !Base64 {"Fn::Sub": "#!/bin/bash\\n/etc/eks/bootstrap.sh --b64-cluster-ca ${ClusterName}\\n"}
  Bastion:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0123456789abcdef0
      UserData: !Base64 "#!/bin/bash\\nyum install -y jq\\n"
"""
    ctx, _ = build([_write(tmp_path, text)], base=tmp_path)
    (ng,) = ctx.model.node_groups
    assert (ng.kind, ng.address, ng.role.role.address) == ("self-managed", "Node", "NodeRole")
    assert [(w.value, w.span.line, w.span.col) for w in ng.bootstrap.bootstrap_calls[0]] == [
        ("/etc/eks/bootstrap.sh", 16, 51), ("--b64-cluster-ca", 16, 73), ("demo", 2, 40)]
    # the option takes the cluster name as its value: no name is left for the cluster
    assert _findings(tmp_path, ["EKS316"]) == [(16, "EKS316", "error")]


def test_user_data_from_a_parameter_default(tmp_path: Path) -> None:
    text = """\
Parameters:
  NodeUserData:
    Type: String
    Default: |
      #!/bin/bash
      /etc/eks/bootstrap.sh demo \\
        --kubelet-extra-arg '--max-pods=20'
Resources:
  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData: !Base64 {Ref: NodeUserData}
"""
    assert _findings(_write(tmp_path, text), ["EKS317"]) == [(7, "EKS317", "warning")]


def test_empty_parameter_default_is_not_a_value(tmp_path: Path) -> None:
    text = """\
Parameters:
  ClusterName:
    Type: String
    Default: ""
  BootstrapArguments:
    Type: String
    Default: ""
Resources:
  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData:
          Fn::Base64: !Sub |
            #!/bin/bash
            /etc/eks/bootstrap.sh ${ClusterName} ${BootstrapArguments}
  Asg:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties: {LaunchTemplate: {LaunchTemplateId: !Ref Lt}, MinSize: "1", MaxSize: "1"}
"""
    assert lint_tree(_write(tmp_path, text)) == []


def test_two_short_forms_in_a_row(tmp_path: Path) -> None:
    text = """\
Resources:
  Lt:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        UserData: !Base64 !Sub |
          #!/bin/bash
          /etc/eks/bootstrap.sh ${ClusterName}
  Nodes:
    Type: AWS::EKS::Nodegroup
"""
    report = run([_write(tmp_path, text)], base=tmp_path)
    assert [(f.span.line, f.span.col, f.rule_id) for f in report.findings] == [(6, 27, "EKS001")]
    assert "`Fn::Base64: !Sub ...`" in report.findings[0].message


@pytest.mark.parametrize("fast", [True, False])
def test_tags_outside_templates_are_read_as_written(fast: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yaml_docs, "FAST", fast)
    text = "apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\nmetadata:\n  name: !Sub demo\n  tags: {a: !Ref b}\n"
    root = parse_yaml(text, "cluster.yaml")[0]
    assert root.get("metadata").plain() == {"name": "demo", "tags": {"a": "b"}}


def test_windows_nodes_and_a_linux_entry_under_other_conditions(tmp_path: Path) -> None:
    text = """\
Conditions:
  IsLinux: !Equals [!Ref NodeOs, linux]
  IsWindows: !Not [Condition: IsLinux]
Resources:
  NodeRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: nodes
  LinuxEntry:
    Type: AWS::EKS::AccessEntry
    Condition: IsLinux
    Properties:
      ClusterName: demo
      PrincipalArn: !GetAtt NodeRole.Arn
      Type: EC2_LINUX
  WindowsNodes:
    Type: AWS::EKS::Nodegroup
    Condition: IsWindows
    Properties:
      ClusterName: demo
      NodeRole: !GetAtt NodeRole.Arn
      AmiType: WINDOWS_CORE_2022_x86_64
"""
    assert _findings(_write(tmp_path, text), ["EKS462"]) == []
    unconditional = text.replace("    Condition: IsLinux\n", "")
    assert _findings(_write(tmp_path, unconditional), ["EKS462"]) == [(14, "EKS462", "warning")]
