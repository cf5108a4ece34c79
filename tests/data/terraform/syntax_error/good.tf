resource "aws_eks_cluster" "ok" {
  name    = "ok"
  version = "1.32"
}
