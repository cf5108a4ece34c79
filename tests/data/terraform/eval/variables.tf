variable "env" {
  default = "dev"
}

variable "team" {
  default = "platform"
}

variable "node_roles" {
  default = {
    linux   = "arn:aws:iam::111122223333:role/linux-nodes"
    windows = "arn:aws:iam::111122223333:role/windows-nodes"
  }
}

variable "no_default" {
  type = string
}
