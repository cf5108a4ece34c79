locals {
  name        = var.cluster_name
  node_name   = "${local.name}-nodes"
  ami_type    = "AL2023_x86_64_STANDARD"
  endpoint    = aws_eks_cluster.this.endpoint
}

resource "aws_eks_cluster" "this" {
  name     = local.name
  version  = var.kubernetes_version
  role_arn = aws_iam_role.cluster.arn

  access_config {
    authentication_mode = "API"
  }

  kubernetes_network_config {
    service_ipv4_cidr = "172.20.0.0/16"
  }

  vpc_config {
    subnet_ids              = data.aws_subnets.private.ids
    endpoint_private_access = true
    endpoint_public_access  = false
  }
}

resource "aws_iam_role" "cluster" {
  name = "${local.name}-cluster"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "eks.amazonaws.com" }
    }]
  })
}

resource "aws_iam_role" "nodes" {
  name               = local.node_name
  assume_role_policy = data.aws_iam_policy_document.nodes_assume.json
}

data "aws_iam_policy_document" "nodes_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ec2.amazonaws.com"]
    }
  }
}

resource "aws_eks_node_group" "default" {
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "default"
  node_role_arn   = aws_iam_role.nodes.arn
  ami_type        = local.ami_type
  subnet_ids      = data.aws_subnets.private.ids

  launch_template {
    id      = aws_launch_template.nodes.id
    version = aws_launch_template.nodes.latest_version
  }

  scaling_config {
    desired_size = 1
    max_size     = 2
    min_size     = 1
  }
}

resource "aws_launch_template" "nodes" {
  name_prefix = "nodes-"
  user_data = base64encode(<<-EOT
    MIME-Version: 1.0
    Content-Type: multipart/mixed; boundary="BOUNDARY"

    --BOUNDARY
    Content-Type: application/node.eks.aws

    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      kubelet:
        flags:
          - --node-labels=team=${local.name}
    --BOUNDARY--
  EOT
  )
}

resource "aws_eks_access_entry" "admin" {
  cluster_name      = aws_eks_cluster.this.name
  principal_arn     = var.admin_arn
  kubernetes_groups = ["platform-admins"]
}

resource "aws_eks_access_entry" "ci" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = data.aws_iam_role.ci.arn
  type          = "STANDARD"
  user_name     = "ci"

  lifecycle {
    replace_triggered_by = [terraform_data.ci_role_id]
  }
}

resource "aws_eks_access_policy_association" "ci" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = data.aws_iam_role.ci.arn
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"

  access_scope {
    type       = "namespace"
    namespaces = ["ci"]
  }
}

resource "aws_eks_access_entry" "profile" {
  cluster_name  = aws_eks_cluster.this.name
  principal_arn = aws_iam_instance_profile.workers.arn
  type          = "EC2_LINUX"
}

resource "aws_eks_node_group" "pinned" {
  region          = "eu-central-1"
  cluster_name    = aws_eks_cluster.this.name
  node_group_name = "pinned"
  node_role_arn   = aws_iam_role.nodes.arn
  subnet_ids      = []
  ami_type        = "BOTTLEROCKET_ARM_64"
  version         = "1.30"
}
