"""Generate a repository-like tree of EKS configuration for benchmarks.

Usage: python benchmarks/generate_tree.py OUT_DIR [--files N] [--seed S]

Writes about N files in directories of one cluster each: an eksctl ClusterConfig, Karpenter NodePool and
EC2NodeClass, an aws-auth ConfigMap, a nodeadm NodeConfig, plain Kubernetes manifests (the usual company
of EKS files in a repository), and a Terraform module (cluster, managed node group, launch template with
MIME user data, IAM, variables, outputs). Values vary with a seeded random generator, so a tree is the
same for the same arguments; some files carry the mistakes ekslint reports, most are clean.
"""

from __future__ import annotations

import argparse
import base64
import random
import shutil
from collections.abc import Callable
from pathlib import Path

REGIONS = ["us-east-1", "us-west-2", "eu-west-1", "eu-central-1", "ap-southeast-2", "ap-northeast-1"]
VERSIONS = ["1.29", "1.30", "1.31", "1.32", "1.33", "1.34"]
INSTANCES = ["m6i.large", "m6a.xlarge", "c6i.2xlarge", "r6i.large", "m7g.large", "t3.medium", "g5.xlarge"]
ACCOUNT = "111122223333"


class Unit:
    """One cluster's files."""

    def __init__(self, rng: random.Random, index: int) -> None:
        self.rng = rng
        self.i = index
        self.name = f"{rng.choice(['orders', 'payments', 'search', 'ml', 'web', 'data'])}-{rng.choice(['prod', 'stage', 'dev'])}-{index}"
        self.region = rng.choice(REGIONS)
        self.version = rng.choice(VERSIONS)

    def hexid(self, n: int = 17) -> str:
        return "".join(self.rng.choice("0123456789abcdef") for _ in range(n))

    def eksctl(self) -> str:
        r = self.rng
        groups = []
        for g in range(r.randint(1, 4)):
            groups.append(
                f"  - name: ng-{g}\n    instanceTypes: [\"{r.choice(INSTANCES)}\", \"{r.choice(INSTANCES)}\"]\n"
                f"    minSize: {r.randint(0, 2)}\n    desiredCapacity: {r.randint(2, 3)}\n    maxSize: {r.randint(4, 20)}\n"
                f"    privateNetworking: true\n    volumeSize: {r.choice([50, 80, 100])}\n"
                f"    labels: {{ workload: {r.choice(['general', 'batch', 'system'])} }}\n"
                f"    iam:\n      withAddonPolicies:\n        ebs: true\n        cloudWatch: {str(r.random() < 0.5).lower()}\n"
            )
        azs = "".join(f"      {self.region}{az}: {{ id: subnet-{self.hexid()} }}\n" for az in "abc")
        return (
            f"apiVersion: eksctl.io/v1alpha5\nkind: ClusterConfig\n\nmetadata:\n  name: {self.name}\n  region: {self.region}\n"
            f"  version: \"{self.version}\"\n  tags:\n    team: {self.name.split('-')[0]}\n\n"
            f"vpc:\n  id: vpc-{self.hexid()}\n  subnets:\n    private:\n{azs}\n"
            "iam:\n  withOIDC: true\n\naccessConfig:\n  authenticationMode: API_AND_CONFIG_MAP\n\n"
            "addons:\n  - name: vpc-cni\n  - name: coredns\n  - name: kube-proxy\n\n"
            "managedNodeGroups:\n" + "".join(groups)
        )

    def karpenter(self) -> str:
        r = self.rng
        return (
            f"apiVersion: karpenter.sh/v1\nkind: NodePool\nmetadata:\n  name: {self.name}\nspec:\n  template:\n"
            f"    metadata:\n      labels:\n        workload: general\n    spec:\n      nodeClassRef:\n"
            f"        group: karpenter.k8s.aws\n        kind: EC2NodeClass\n        name: {self.name}\n      requirements:\n"
            f"        - key: kubernetes.io/arch\n          operator: In\n          values: [\"amd64\", \"arm64\"]\n"
            f"        - key: karpenter.sh/capacity-type\n          operator: In\n          values: [\"spot\", \"on-demand\"]\n"
            f"        - key: karpenter.k8s.aws/instance-generation\n          operator: Gt\n          values: [\"{r.randint(3, 6)}\"]\n"
            f"      expireAfter: {r.choice(['720h', '168h', 'Never'])}\n  limits:\n    cpu: \"{r.randint(50, 500)}\"\n"
            f"  disruption:\n    consolidationPolicy: WhenEmptyOrUnderutilized\n    consolidateAfter: 1m\n---\n"
            f"apiVersion: karpenter.k8s.aws/v1\nkind: EC2NodeClass\nmetadata:\n  name: {self.name}\nspec:\n"
            f"  amiSelectorTerms:\n    - alias: {r.choice(['al2023@latest', 'bottlerocket@latest', 'al2023@v20250101'])}\n"
            f"  role: KarpenterNodeRole-{self.name}\n  subnetSelectorTerms:\n    - tags:\n        karpenter.sh/discovery: {self.name}\n"
            f"  securityGroupSelectorTerms:\n    - tags:\n        karpenter.sh/discovery: {self.name}\n"
            f"  metadataOptions:\n    httpEndpoint: enabled\n    httpPutResponseHopLimit: {r.choice([1, 2])}\n    httpTokens: required\n"
            f"  blockDeviceMappings:\n    - deviceName: /dev/xvda\n      ebs:\n        volumeSize: {r.choice([50, 100])}Gi\n"
            f"        volumeType: gp3\n        encrypted: true\n"
        )

    def aws_auth(self) -> str:
        r = self.rng
        roles = "".join(
            f"    - rolearn: arn:aws:iam::{ACCOUNT}:role/{self.name}-ng-{g}\n      username: system:node:{{{{EC2PrivateDNSName}}}}\n"
            f"      groups:\n        - system:bootstrappers\n        - system:nodes\n"
            for g in range(r.randint(1, 3))
        )
        return (
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: aws-auth\n  namespace: kube-system\ndata:\n  mapRoles: |\n" + roles
            + f"    - rolearn: arn:aws:iam::{ACCOUNT}:role/{self.name}-admins\n      username: admin:{{{{SessionName}}}}\n"
            "      groups:\n        - system:masters\n  mapUsers: |\n    []\n"
        )

    def nodeconfig_body(self, indent: str = "") -> str:
        ca = base64.b64encode(f"-----BEGIN CERTIFICATE-----\n{self.hexid(64)}\n-----END CERTIFICATE-----\n".encode()).decode()
        body = (
            f"apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: {self.name}\n"
            f"    apiServerEndpoint: https://{self.hexid(32).upper()}.gr7.{self.region}.eks.amazonaws.com\n"
            f"    certificateAuthority: {ca}\n    cidr: 172.20.0.0/16\n  kubelet:\n    config:\n      maxPods: {self.rng.choice([29, 58, 110])}\n"
            "    flags:\n      - --node-labels=workload=general\n"
        )
        return "".join(indent + line if line else line for line in body.splitlines(keepends=True))

    def nodeconfig(self) -> str:
        return "# nodeadm configuration for self-managed nodes\n" + self.nodeconfig_body()

    def deployment(self) -> str:
        r = self.rng
        return (
            f"apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api-{self.i}\n  namespace: {self.name.split('-')[0]}\n"
            f"spec:\n  replicas: {r.randint(1, 6)}\n  selector:\n    matchLabels: {{app: api-{self.i}}}\n  template:\n"
            f"    metadata:\n      labels: {{app: api-{self.i}}}\n    spec:\n      containers:\n        - name: api\n"
            f"          image: {ACCOUNT}.dkr.ecr.{self.region}.amazonaws.com/api:{r.randint(1, 300)}\n"
            "          resources:\n            requests: {cpu: 250m, memory: 256Mi}\n---\n"
            f"apiVersion: v1\nkind: Service\nmetadata:\n  name: api-{self.i}\nspec:\n  selector: {{app: api-{self.i}}}\n"
            "  ports:\n    - port: 80\n      targetPort: 8080\n"
        )

    def main_tf(self) -> str:
        r = self.rng
        return f'''terraform {{
  required_providers {{
    aws = {{
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }}
  }}
}}

provider "aws" {{
  region = var.region
}}

resource "aws_eks_cluster" "this" {{
  name     = var.cluster_name
  role_arn = aws_iam_role.cluster.arn
  version  = "{self.version}"

  vpc_config {{
    subnet_ids              = var.subnet_ids
    endpoint_private_access = true
    endpoint_public_access  = {str(r.random() < 0.3).lower()}
  }}

  access_config {{
    authentication_mode = "API"
  }}

  tags = local.tags
}}

locals {{
  tags = {{
    team        = "{self.name.split('-')[0]}"
    environment = "{self.name.split('-')[1]}"
  }}
}}
'''

    def nodes_tf(self) -> str:
        r = self.rng
        ud = self.nodeconfig_body("    ")
        return f'''resource "aws_iam_role" "cluster" {{
  name = "${{var.cluster_name}}-cluster"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "eks.amazonaws.com" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

resource "aws_iam_role" "nodes" {{
  name = "${{var.cluster_name}}-nodes"
  assume_role_policy = jsonencode({{
    Version = "2012-10-17"
    Statement = [{{
      Effect    = "Allow"
      Principal = {{ Service = "ec2.amazonaws.com" }}
      Action    = "sts:AssumeRole"
    }}]
  }})
}}

resource "aws_iam_role_policy_attachment" "nodes" {{
  for_each   = toset(["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"])
  role       = aws_iam_role.nodes.name
  policy_arn = "arn:aws:iam::aws:policy/${{each.value}}"
}}

resource "aws_launch_template" "nodes" {{
  name_prefix   = "${{var.cluster_name}}-"
  instance_type = "{r.choice(INSTANCES)}"
  metadata_options {{
    http_tokens                 = "required"
    http_put_response_hop_limit = {r.choice([1, 2])}
  }}
  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="BOUNDARY"

    --BOUNDARY
    Content-Type: application/node.eks.aws

{ud}
    --BOUNDARY--
  EOT
  )
}}

resource "aws_eks_node_group" "default" {{
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "default"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = var.subnet_ids
  ami_type        = "{r.choice(['AL2023_x86_64_STANDARD', 'AL2023_ARM_64_STANDARD', 'BOTTLEROCKET_x86_64'])}"

  scaling_config {{
    desired_size = {r.randint(2, 3)}
    min_size     = {r.randint(1, 2)}
    max_size     = {r.randint(4, 10)}
  }}

  launch_template {{
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }}
}}

resource "aws_eks_access_entry" "admins" {{
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = "arn:aws:iam::{ACCOUNT}:role/{self.name}-admins"
}}
'''

    def variables_tf(self) -> str:
        return f'''variable "cluster_name" {{
  type    = string
  default = "{self.name}"
}}

variable "region" {{
  type    = string
  default = "{self.region}"
}}

variable "subnet_ids" {{
  type    = list(string)
  default = ["subnet-{self.hexid()}", "subnet-{self.hexid()}", "subnet-{self.hexid()}"]
}}
'''

    def outputs_tf(self) -> str:
        return '''output "cluster_endpoint" {
  value = aws_eks_cluster.this.endpoint
}

output "node_role_arn" {
  value = aws_iam_role.nodes.arn
}
'''

    def files(self) -> list[tuple[str, Callable[[], str]]]:
        return [
            ("eksctl/cluster.yaml", self.eksctl),
            ("karpenter/nodepool.yaml", self.karpenter),
            ("k8s/aws-auth.yaml", self.aws_auth),
            ("k8s/app.yaml", self.deployment),
            ("nodes/nodeconfig.yaml", self.nodeconfig),
            ("terraform/main.tf", self.main_tf),
            ("terraform/nodes.tf", self.nodes_tf),
            ("terraform/variables.tf", self.variables_tf),
            ("terraform/outputs.tf", self.outputs_tf),
        ]


def generate(out: Path, files: int, seed: int = 0) -> int:
    """Write about `files` files under `out` (emptied first). Returns the number written."""
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(seed)
    written = 0
    i = 0
    while written < files:
        unit = Unit(rng, i)
        for rel, make in unit.files():
            if written >= files:
                break
            path = out / f"clusters/c{i:05d}" / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(make())
            written += 1
        i += 1
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    ns = ap.parse_args()
    n = generate(ns.out, ns.files, ns.seed)
    print(f"{n} files in {ns.out}")


if __name__ == "__main__":
    main()
