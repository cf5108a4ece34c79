variable "region" {
  type    = string
  default = "us-east-1"
}

variable "cluster_name" {
  type    = string
  default = "default-name"
}

variable "kubernetes_version" {
  type = string
}

variable "admin_arn" {
  type    = string
  default = "arn:aws:iam::111122223333:role/admin"
}
