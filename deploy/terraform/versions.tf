terraform {
  # 1.10: S3 backend locking without DynamoDB (use_lockfile).
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # The VPC, EKS and IAM modules below need >= 6.28.
      version = "~> 6.28"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.7"
    }
    http = {
      source  = "hashicorp/http"
      version = "~> 3.5"
    }
    # The Cluster Autoscaler's chart (cluster-autoscaler.tf).
    helm = {
      source  = "hashicorp/helm"
      version = "~> 3.0"
    }
  }

  # State holds the generated database and Redis passwords: keep it in an encrypted, private bucket.
  # Partial configuration: `terraform init -backend-config=backend.hcl` (see backend.hcl.example).
  backend "s3" {}
}
