variable "name" {
  default = "from-default"
}

variable "k8s_version" {
  default = "1.29"
}

variable "mode" {
  default = "API"
}

resource "aws_eks_cluster" "this" {
  name     = var.name
  version  = var.k8s_version
  role_arn = "arn:aws:iam::111122223333:role/cluster"

  access_config {
    authentication_mode = var.mode
  }

  vpc_config {
    subnet_ids = []
  }
}
