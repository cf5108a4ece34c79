provider "aws" {
  region = "eu-west-1"
}

locals {
  name = "ex-v21"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.0"

  name               = local.name
  kubernetes_version = "1.33"

  access_entries = {
    admins = {
      principal_arn     = "arn:aws:iam::111122223333:role/admins"
      kubernetes_groups = ["system:masters"]
      policy_associations = {
        view = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
          access_scope = {
            type       = "namespace"
            namespaces = ["default"]
          }
        }
      }
    }
  }

  eks_managed_node_groups = {
    default = {
      instance_types = ["m6i.large"]
      cloudinit_pre_nodeadm = [{
        content_type = "application/node.eks.aws"
        content      = <<-EOT
          ---
          apiVersion: node.eks.aws/v1alpha1
          kind: NodeConfig
          spec:
            kubelet:
              config:
                maxPods: 110
        EOT
      }]
    }
    custom_lt = {
      create_launch_template     = false
      use_custom_launch_template = true
      launch_template_id         = aws_launch_template.custom.id
    }
    legacy = {
      ami_type                 = "AL2_x86_64"
      iam_role_use_name_prefix = false
      iam_role_name            = "legacy-nodes"
    }
  }

  self_managed_node_groups = {
    windows = {
      ami_type = "WINDOWS_CORE_2022_x86_64"
    }
  }
}

module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "21.3.1"

  cluster_name = module.eks.cluster_name

  node_iam_role_use_name_prefix = false
  node_iam_role_name            = local.name
  iam_role_use_name_prefix      = false
}

resource "kubectl_manifest" "karpenter_node_class" {
  yaml_body = <<-YAML
    apiVersion: karpenter.k8s.aws/v1
    kind: EC2NodeClass
    metadata:
      name: default
    spec:
      amiSelectorTerms:
        - alias: al2023@latest
      role: ${module.karpenter.node_iam_role_name}
  YAML
}

resource "aws_launch_template" "custom" {
  name     = "custom"
  image_id = "ami-0123456789abcdef0"
  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="//"

    --//
    Content-Type: application/node.eks.aws

    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: ex-v21
    --//--
  EOT
  )
}
