variable "region" {
  type    = string
  default = "eu-west-1"
}
variable "env" {
  type = string
}
variable "cluster_version" {
  type    = string
  default = "1.34"
}
variable "node_groups" {
  type = map(object({
    instance_types = list(string)
    min_size       = number
    max_size       = number
    desired_size   = number
    labels         = map(string)
  }))
}
