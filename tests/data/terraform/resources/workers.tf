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
