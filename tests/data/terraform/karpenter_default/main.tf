module "karpenter" {
  source  = "terraform-aws-modules/eks/aws//modules/karpenter"
  version = "~> 20.24"

  cluster_name = "blue"
}

resource "aws_iam_role" "karpenter_controller" {
  name = "karpenter-controller-blue"
  assume_role_policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = ["sts:AssumeRole", "sts:TagSession"], Principal = { Service = "pods.eks.amazonaws.com" } }]
  })
}

resource "aws_eks_access_entry" "karpenter_nodes" {
  cluster_name  = "blue"
  principal_arn = module.karpenter.node_iam_role_arn
  type          = "EC2_LINUX"
}
