cluster_name       = "prod"
kubernetes_version = "1.31"
