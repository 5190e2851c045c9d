output "region" {
  description = "AWS region."
  value       = var.region
}

output "cluster_name" {
  description = "EKS cluster name (aws eks update-kubeconfig --name ...)."
  value       = module.eks.cluster_name
}

output "configure_kubectl" {
  description = "Command that points kubectl at the cluster."
  value       = "aws eks update-kubeconfig --region ${var.region} --name ${module.eks.cluster_name}"
}

output "vpc_id" {
  description = "VPC id (the AWS Load Balancer Controller's Helm chart needs it)."
  value       = module.vpc.vpc_id
}

output "ecr_repository_url" {
  description = "Where to push the image."
  value       = aws_ecr_repository.app.repository_url
}

output "postgres_endpoint" {
  description = "RDS primary (writer) address."
  value       = aws_db_instance.primary.address
}

output "postgres_replica_endpoint" {
  description = "RDS read replica address (the app secret's *_REPLICA_URLS name it: analytics, scraper, client shards)."
  value       = aws_db_instance.replica.address
}

output "redis_primary_endpoint" {
  description = "ElastiCache primary endpoint (TLS, AUTH)."
  value       = aws_elasticache_replication_group.redis.primary_endpoint_address
}

output "kafka_bootstrap_brokers_sasl_scram" {
  description = "MSK bootstrap brokers (SASL/SCRAM over TLS, port 9096): KAFKA_BROKERS of the eks overlay (deploy/scripts/render-eks-env.mjs)."
  value       = aws_msk_cluster.kafka.bootstrap_brokers_sasl_scram
}

output "kafka_scram_secret_name" {
  description = "Secrets Manager entry (AmazonMSK_...) with the apps' MSK SCRAM username and password."
  value       = aws_secretsmanager_secret.kafka_scram.name
}

output "cluster_autoscaler_role_arn" {
  description = "IRSA role of the Cluster Autoscaler (kube-system/cluster-autoscaler)."
  value       = module.cluster_autoscaler_irsa.arn
}

output "app_secret_name" {
  description = "Secrets Manager entry with the database URLs, REDIS_URL and RDS_CA_BUNDLE."
  value       = aws_secretsmanager_secret.app.name
}

output "email_secret_name" {
  description = "Secrets Manager entry for the email service (EMAIL_CREDENTIALS_KEY, UNSUBSCRIBE_SECRETS, SMTP_URL); written by an operator."
  value       = aws_secretsmanager_secret.email.name
}

output "load_balancer_controller_role_arn" {
  description = "IRSA role for the AWS Load Balancer Controller's ServiceAccount (kube-system/aws-load-balancer-controller)."
  value       = module.load_balancer_controller_irsa.arn
}

output "eks_overlay_env" {
  description = "The contents of k8s/overlays/eks/cluster.env for this environment (deploy/scripts/render-eks-env.mjs writes it)."
  value       = <<-EOT
    # Written by `terraform output -raw eks_overlay_env` for ${local.name}. Not secret.
    AWS_REGION=${var.region}
    APP_SECRET_NAME=${aws_secretsmanager_secret.app.name}
    EMAIL_SECRET_NAME=${aws_secretsmanager_secret.email.name}
    BOOTSTRAP_SECRET_NAME=${aws_secretsmanager_secret.postgres_bootstrap.name}
    EXTERNAL_SECRETS_ROLE_ARN=${module.external_secrets_irsa.arn}
    CLIENT_SERVICE_ROLE_ARN=${module.app_irsa["client-service"].arn}
    GATEWAY_ROLE_ARN=${module.app_irsa["gateway"].arn}
    API_HOST=${var.api_host}
    VPC_CIDR=${var.vpc_cidr}
  EOT
}
