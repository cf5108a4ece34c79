locals {
  map_roles = [
    {
      rolearn  = aws_iam_role.nodes.arn
      username = "system:node:{{EC2PrivateDNSName}}"
      groups   = ["system:bootstrappers", "system:nodes"]
    },
    {
      rolearn  = "arn:aws:iam::111122223333:instance-profile/karpenter"
      username = "system:node:{{EC2PrivateDNSName}}"
      groups   = ["system:bootstrappers", "system:nodes"]
    },
  ]
}

resource "aws_iam_role" "nodes" {
  name = "nodes"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { Service = "ec2.amazonaws.com" } }]
  })
}

resource "aws_iam_role" "karpenter_controller" {
  name = "KarpenterControllerRole-prod"
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.this.arn }
    }]
  })
}

resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }

  data = {
    mapRoles = yamlencode(local.map_roles)
    mapUsers = <<-YAML
      - userarn: arn:aws:iam::111122223333:user/alice
        username: alice
        groups:
          - system:masters
    YAML
    mapAccounts = <<-YAML
      - "111122223333"
      - [broken
    YAML
  }

  force = true
}

resource "kubernetes_config_map" "legacy_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }

  data = {
    mapRoles = <<-YAML
      - rolearn: ${aws_iam_role.nodes.arn}
        username: system:node:{{EC2PrivateDNSName}}
        groups:
          - system:bootstrappers
          - system:nodes
      - rolearn: arn:aws:iam::${data.aws_caller_identity.current.account_id}:role/admins
        username: admin
        groups:
          - ${var.admin_group}
    YAML
  }
}
