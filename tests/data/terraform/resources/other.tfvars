admin_arn = "arn:aws:iam::111122223333:role/other-admin"
