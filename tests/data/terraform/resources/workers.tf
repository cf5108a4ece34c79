resource "aws_iam_role" "workers" {
  name_prefix = "workers-"
  assume_role_policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": ["ec2.amazonaws.com"]}}]
    }
  JSON
}

resource "aws_iam_instance_profile" "workers" {
  name = "workers"
  role = aws_iam_role.workers.name
}

resource "aws_launch_template" "workers" {
  provider = aws.west
  name     = "workers"
  image_id = data.aws_ssm_parameter.al2.value

  iam_instance_profile {
    name = aws_iam_instance_profile.workers.name
  }

  user_data = base64encode(templatefile("${path.module}/templates/al2.sh.tpl", {
    cluster_name = local.name
    labels       = ["a=b", "c=d"]
  }))
}

data "aws_ssm_parameter" "al2" {
  name = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2/recommended/image_id"
}

resource "aws_autoscaling_group" "workers" {
  provider = aws.west
  name     = "workers"
  max_size = 3
  min_size = 1

  launch_template {
    id      = aws_launch_template.workers.id
    version = "$Latest"
  }
}

resource "aws_launch_template" "al2023" {
  name     = "al2023"
  image_id = data.aws_ssm_parameter.al2023.value
  user_data = base64encode(<<-EOT
    ---
    apiVersion: node.eks.aws/v1alpha1
    kind: NodeConfig
    spec:
      cluster:
        name: ${aws_eks_cluster.this.name}
        apiServerEndpoint: ${aws_eks_cluster.this.endpoint}
        certificateAuthority: ${aws_eks_cluster.this.certificate_authority[0].data}
        cidr: 172.20.0.0/16
  EOT
  )
}

data "aws_ssm_parameter" "al2023" {
  name = "/aws/service/eks/optimized-ami/1.31/amazon-linux-2023/x86_64/standard/recommended/image_id"
}

resource "aws_instance" "al2023" {
  launch_template {
    id = aws_launch_template.al2023.id
  }
}
