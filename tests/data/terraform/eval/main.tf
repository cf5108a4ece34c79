locals {
  prefix    = "${var.env}-${var.team}"
  list      = ["a", "b", "c"]
  upper     = [for s in local.list : upper(s) if s != "b"]
  by_key    = { for k, v in var.node_roles : k => "${k}:${v}" }
  whole     = "${local.list}"
  escaped   = "$${literal} \"quoted\"\n"
  cond      = var.env == "prod" ? "big" : "small"
  unknown_c = var.no_default == "x" ? "a" : "b"
  same      = var.no_default == "x" ? "same" : "same"
  math      = 2 * 3 + 1
  merged    = merge({ a = 1 }, { b = 2 }, { a = 3 })
  merged_u  = merge({ a = 1 }, data.external.x.result)
  tried     = try(local.merged.missing, "fallback")
  looked    = lookup(local.merged, "b", 0)
  formatted = format("arn:aws:iam::%s:role/%s", data.aws_caller_identity.current.account_id, local.prefix)
  joined    = join(",", local.list)
  replaced  = replace("a-b-c", "-", "_")
  regex     = replace("node-123", "/[0-9]+/", "N")
  coalesced = coalesce("", null, "x")
  trimmed   = trimprefix("arn:aws:iam::1:role/x", "arn:aws:iam::1:")
  splat     = [{ n = 1 }, { n = 2 }][*].n
  trim_path = provider::aws::trim_iam_role_path(aws_iam_role.x.arn)
  cycle_a   = local.cycle_b
  cycle_b   = local.cycle_a
  each_ref  = each.value
  heredoc   = <<-EOT
    name: ${local.prefix}
      indented: true
    literal: $${x}
  EOT
  rendered  = templatefile("${path.module}/templates/nodeconfig.yaml.tpl", {
    cluster = local.prefix
    labels  = { team = var.team, env = var.env }
  })
  outside   = file("${path.module}/../../../../../etc/hostname")
  missing   = file("${path.module}/templates/nope.txt")
  b64       = base64encode(local.heredoc)
  decoded   = base64decode(local.b64)
  encoded   = jsonencode({ b = [1, true], a = "x<y" })
  yaml      = yamlencode({ groups = ["system:nodes"], rolearn = "arn" })
}

resource "aws_eks_access_entry" "by_role" {
  for_each      = var.node_roles
  cluster_name  = "c1"
  principal_arn = each.value
  type          = each.key == "windows" ? "EC2_WINDOWS" : "EC2_LINUX"
}

resource "aws_eks_access_entry" "counted" {
  count         = 2
  cluster_name  = "c1"
  principal_arn = "arn:aws:iam::111122223333:role/r${count.index}"
}

resource "aws_eks_access_entry" "disabled" {
  count         = var.env == "prod" ? 0 : 1
  cluster_name  = "c1"
  principal_arn = "arn:aws:iam::111122223333:role/never"
}
