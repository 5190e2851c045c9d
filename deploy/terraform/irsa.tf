# IAM roles for Kubernetes ServiceAccounts (IRSA). Their ARNs reach the overlay through
# `terraform output -raw eks_overlay_env > k8s/overlays/eks/cluster.env`.

# The External Secrets store in the apps' namespace: may read this environment's app, email and
# postgres-bootstrap secrets, nothing else.
module "external_secrets_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.5"

  name            = "${local.name}-external-secrets"
  use_name_prefix = false

  attach_external_secrets_policy = true
  external_secrets_secrets_manager_arns = [
    aws_secretsmanager_secret.app.arn,
    aws_secretsmanager_secret.email.arn,
    aws_secretsmanager_secret.postgres_bootstrap.arn,
  ]

  oidc_providers = {
    this = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["${var.k8s_namespace}:coldreach-external-secrets"]
    }
  }
}

# The AWS Load Balancer Controller (installed with Helm into kube-system, see deploy/README.md).
module "load_balancer_controller_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.5"

  name            = "${local.name}-aws-load-balancer-controller"
  use_name_prefix = false

  attach_load_balancer_controller_policy = true

  oidc_providers = {
    this = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:aws-load-balancer-controller"]
    }
  }
}

# One role per app, with no permissions yet: the place where an app's own AWS access goes (e.g. MSK IAM
# auth or S3 for exports), so it never borrows the nodes' role.
module "app_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.5"

  for_each = toset(["client-service", "gateway"])

  name            = "${local.name}-${each.key}"
  use_name_prefix = false

  oidc_providers = {
    this = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["${var.k8s_namespace}:${each.key}"]
    }
  }
}
