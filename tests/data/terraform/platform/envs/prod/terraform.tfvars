env = "prod"
node_groups = {
  system = {
    instance_types = ["m6i.large"]
    min_size       = 2
    max_size       = 4
    desired_size   = 2
    labels         = { "workload" = "system" }
  }
}
