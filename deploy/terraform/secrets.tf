# Secrets Manager entries. `app` is what the cluster reads (External Secrets turns its JSON keys into
# the Kubernetes Secret coldreach-secrets), `postgres-bootstrap` what only the migration Job reads;
# `postgres-master` and `redis` keep the raw credentials for operators. The values are also in Terraform state, which is why the state bucket must be encrypted.
# `email` is the exception: Terraform creates it empty and an operator writes its value (deploy/README.md),
# so the key that seals mailbox passwords and the SMTP relay's credentials never enter the state.

locals {
  postgres_tls  = "sslmode=verify-full&sslrootcert=/etc/coldreach/rds-ca/rds-ca.pem"
  postgres_host = "${aws_db_instance.primary.address}:${aws_db_instance.primary.port}"
  # The master user: only the migration Job's first step (deploy/scripts/create-databases.mjs) uses it,
  # to create each service's role and databases. No app connects with it.
  postgres_url = "postgres://${aws_db_instance.primary.username}:${random_password.db_master.result}@${local.postgres_host}"
  # One login role per service (coldreach_<name>), owner of its own databases and with no right on the
  # others (create-databases.mjs revokes CONNECT from PUBLIC). The client shards share one role.
  db_roles = toset(["gateway", "clients", "campaigns", "email", "scraper", "analytics"])
}

resource "random_password" "db_app" {
  for_each = local.db_roles

  length  = 32
  special = false # URL-safe, like the master's
}

locals {
  postgres_role_url = { for role in local.db_roles : role => "postgres://coldreach_${role}:${random_password.db_app[role].result}@${local.postgres_host}" }
  # The read replica (rds.tf) copies the whole instance, roles included: a service's replica URL is its
  # database URL with the replica's host. Reads that tolerate bounded staleness go there (libs/db README).
  postgres_replica_host     = "${aws_db_instance.replica.address}:${aws_db_instance.replica.port}"
  postgres_replica_role_url = { for role in local.db_roles : role => "postgres://coldreach_${role}:${random_password.db_app[role].result}@${local.postgres_replica_host}" }
  client_shard_databases    = [for shard in range(var.client_shard_count) : "clients_${shard}"]
}

resource "aws_secretsmanager_secret" "postgres_master" {
  name                    = "${local.secret_prefix}/postgres-master"
  description             = "Cold Reach RDS master credentials"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "postgres_master" {
  secret_id = aws_secretsmanager_secret.postgres_master.id
  secret_string = jsonencode({
    engine       = "postgres"
    username     = aws_db_instance.primary.username
    password     = random_password.db_master.result
    host         = aws_db_instance.primary.address
    port         = aws_db_instance.primary.port
    replica_host = aws_db_instance.replica.address
  })
}

resource "aws_secretsmanager_secret" "redis" {
  name                    = "${local.secret_prefix}/redis"
  description             = "Cold Reach ElastiCache AUTH token"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "redis" {
  secret_id = aws_secretsmanager_secret.redis.id
  secret_string = jsonencode({
    auth_token = random_password.redis_auth.result
    host       = aws_elasticache_replication_group.redis.primary_endpoint_address
    port       = aws_elasticache_replication_group.redis.port
  })
}

resource "aws_secretsmanager_secret" "app" {
  name                    = "${local.secret_prefix}/app"
  description             = "Cold Reach app configuration secrets (read by External Secrets into coldreach-secrets)"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    GATEWAY_DATABASE_URL   = "${local.postgres_role_url["gateway"]}/gateway?${local.postgres_tls}"
    CLIENT_SHARD_URLS      = join(",", [for database in local.client_shard_databases : "${local.postgres_role_url["clients"]}/${database}?${local.postgres_tls}"])
    CAMPAIGN_DATABASE_URL  = "${local.postgres_role_url["campaigns"]}/campaigns?${local.postgres_tls}"
    EMAIL_DATABASE_URL     = "${local.postgres_role_url["email"]}/email?${local.postgres_tls}"
    SCRAPER_DATABASE_URL   = "${local.postgres_role_url["scraper"]}/scraper?${local.postgres_tls}"
    ANALYTICS_DATABASE_URL = "${local.postgres_role_url["analytics"]}/analytics?${local.postgres_tls}"
    # The same databases on the read replica, one entry per client shard in CLIENT_SHARD_URLS' order.
    CLIENT_SHARD_REPLICA_URLS       = join(",", [for database in local.client_shard_databases : "${local.postgres_replica_role_url["clients"]}/${database}?${local.postgres_tls}"])
    SCRAPER_DATABASE_REPLICA_URLS   = "${local.postgres_replica_role_url["scraper"]}/scraper?${local.postgres_tls}"
    ANALYTICS_DATABASE_REPLICA_URLS = "${local.postgres_replica_role_url["analytics"]}/analytics?${local.postgres_tls}"
    REDIS_URL                       = "rediss://:${random_password.redis_auth.result}@${aws_elasticache_replication_group.redis.primary_endpoint_address}:${aws_elasticache_replication_group.redis.port}"
    RDS_CA_BUNDLE                   = data.http.rds_ca_bundle.response_body
    # The MSK SCRAM login (msk.tf), for the services' KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD.
    KAFKA_SASL_USERNAME = jsondecode(aws_secretsmanager_secret_version.kafka_scram.secret_string).username
    KAFKA_SASL_PASSWORD = random_password.kafka_scram.result
  })
}

# The master user's URL, read only by the migration Job (External Secrets into coldreach-migrate-secrets)
# to create the services' roles and databases.
resource "aws_secretsmanager_secret" "postgres_bootstrap" {
  name                    = "${local.secret_prefix}/postgres-bootstrap"
  description             = "Cold Reach RDS master URL for the migration Job's role and database bootstrap"
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "postgres_bootstrap" {
  secret_id = aws_secretsmanager_secret.postgres_bootstrap.id
  secret_string = jsonencode({
    DATABASE_BOOTSTRAP_URL = "${local.postgres_url}/postgres?${local.postgres_tls}"
  })
}

# The email service's secrets (read by External Secrets into email-service-secrets): a JSON object with
# EMAIL_CREDENTIALS_KEY, UNSUBSCRIBE_SECRETS and optionally SMTP_URL, written with
# `aws secretsmanager put-secret-value` (deploy/README.md). No version here, on purpose.
resource "aws_secretsmanager_secret" "email" {
  name                    = "${local.secret_prefix}/email"
  description             = "Cold Reach email service secrets (read by External Secrets into email-service-secrets)"
  recovery_window_in_days = 7
}
