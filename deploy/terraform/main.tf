# Cold Reach on AWS: VPC, EKS, RDS PostgreSQL (Multi-AZ + read replica), ElastiCache Redis (TLS + AUTH),
# MSK (TLS), ECR, and the Secrets Manager entries the cluster reads. deploy/README.md has the order of
# operations. Data stores accept connections only from the EKS nodes' security group.

locals {
  name          = "${var.name}-${var.environment}"
  secret_prefix = "${var.name}/${var.environment}"
  azs           = slice(data.aws_availability_zones.available.names, 0, var.az_count)
}

data "aws_availability_zones" "available" {
  state = "available"

  filter {
    name   = "opt-in-status"
    values = ["opt-in-not-required"]
  }
}
