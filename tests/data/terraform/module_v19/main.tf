module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 19.21"

  cluster_name    = "legacy"
  cluster_version = "1.27"

  manage_aws_auth_configmap = true
  aws_auth_roles = [
    {
      rolearn  = "arn:aws:iam::111122223333:role/admins"
      username = "admin"
      groups   = ["system:masters"]
    },
  ]
  aws_auth_users = var.users

  eks_managed_node_groups = {
    default = {}
  }

  self_managed_node_groups = {
    win = {
      platform = "windows"
    }
  }
}

variable "users" {
  type = list(any)
}
