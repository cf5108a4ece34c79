provider "aws" {
  region = "us-east-2"
}

provider "aws" {
  alias  = "virginia"
  region = "us-east-1"
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "20.37.2"

  providers = {
    aws = aws.virginia
  }

  cluster_name    = "ex-v20"
  cluster_version = "1.30"

  enable_cluster_creator_admin_permissions = true

  eks_managed_node_group_defaults = {
    ami_type = "AL2_x86_64"
  }

  eks_managed_node_groups = {
    one = {
      cluster_version = "1.29"
    }
    two = {
      ami_type        = "BOTTLEROCKET_x86_64"
      create_iam_role = false
      iam_role_arn    = aws_iam_instance_profile.nodes.arn
    }
  }

  self_managed_node_groups = {
    linux = {}
  }
}

module "karpenter" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git//modules/karpenter?ref=v20.24.0"

  cluster_name          = module.eks.cluster_name
  create_node_iam_role  = false
  node_iam_role_arn     = module.eks.eks_managed_node_groups["one"].iam_role_arn
  enable_irsa           = true
  access_entry_type     = "EC2_WINDOWS"
}

resource "aws_iam_instance_profile" "nodes" {
  name = "nodes"
  role = "nodes"
}

locals {
  extra_name = "${module.eks.cluster_name}-extra"
}

resource "aws_iam_role" "extra" {
  name               = local.extra_name
  assume_role_policy = "{}"
}
