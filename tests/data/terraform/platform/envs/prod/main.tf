terraform {
  required_providers {
    aws     = { source = "hashicorp/aws", version = "~> 5.0" }
    kubectl = { source = "alekc/kubectl", version = "~> 2.0" }
  }
}

provider "aws" {
  region = var.region
}

module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 20.24"

  cluster_name    = local.name
  cluster_version = var.cluster_version

  cluster_endpoint_public_access = true
  authentication_mode            = "API"
  enable_cluster_creator_admin_permissions = true

  vpc_id     = data.aws_vpc.main.id
  subnet_ids = data.aws_subnets.private.ids
}

module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "~> 20.24"

  cluster_name          = module.eks.cluster_name
  enable_v1_permissions = true
  node_iam_role_use_name_prefix = false
  node_iam_role_name    = "${local.name}-karpenter-node"
}

module "system_nodes" {
  source   = "../../modules/nodegroup"
  for_each = var.node_groups

  cluster_name    = module.eks.cluster_name
  name            = each.key
  instance_types  = each.value.instance_types
  min_size        = each.value.min_size
  max_size        = each.value.max_size
  desired_size    = each.value.desired_size
  subnet_ids      = data.aws_subnets.private.ids
  labels          = each.value.labels
}

module "karpenter_config" {
  source        = "../../modules/karpenter-config"
  cluster_name  = module.eks.cluster_name
  node_role     = module.karpenter.node_iam_role_name
  discovery_tag = local.name
}

data "aws_vpc" "main" {
  tags = { Name = "main" }
}

data "aws_subnets" "private" {
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.main.id]
  }
}

locals {
  name = "payments-${var.env}"
}
