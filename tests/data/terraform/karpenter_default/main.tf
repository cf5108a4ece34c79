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

resource "kubernetes_manifest" "node_class" {
  manifest = {
    apiVersion = "karpenter.k8s.aws/v1"
    kind       = "EC2NodeClass"
    metadata   = { name = "default" }
    spec = {
      role             = module.karpenter.node_iam_role_name
      amiSelectorTerms = [{ alias = "al2023@latest" }]
    }
  }
}
