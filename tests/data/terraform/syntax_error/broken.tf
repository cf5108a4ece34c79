resource "aws_eks_cluster" "this" {
  name = "broken"
  vpc_config {
    subnet_ids = [
}
