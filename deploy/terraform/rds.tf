# One PostgreSQL instance (Multi-AZ primary + one read replica) holds the gateway database, every client
# shard database and the campaign, email, scraper and analytics services' databases (gateway, clients_0 ..
# clients_N-1, campaigns, email, scraper, analytics); the migration Job creates the databases. The analytics
# and scraper services and the client shards read from the replica within REPLICA_MAX_LAG_MS (secrets.tf
# writes their *_REPLICA_URLS, the same databases and roles on the replica's host).
#
# Moving a shard to its own instance later: create another aws_db_instance like this one, copy that
# shard's database to it (logical replication, or pg_dump/pg_restore during a write freeze), then change
# only that shard's entry in CLIENT_SHARD_URLS. The list's order is the shard index: never reorder it.
# Changing the number of shards is resharding, not a configuration change.

resource "random_password" "db_master" {
  length  = 32
  special = false # URL-safe: the password goes into connection strings unencoded
}

resource "aws_db_parameter_group" "postgres" {
  name_prefix = "${local.name}-postgres${var.db_engine_version}-"
  family      = "postgres${var.db_engine_version}"
  description = "Cold Reach PostgreSQL ${var.db_engine_version}"

  # Refuse unencrypted connections (the apps connect with sslmode=verify-full).
  parameter {
    name         = "rds.force_ssl"
    value        = "1"
    apply_method = "pending-reboot"
  }

  parameter {
    name  = "log_min_duration_statement"
    value = "500"
  }

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_db_instance" "primary" {
  identifier     = "${local.name}-postgres"
  engine         = "postgres"
  engine_version = var.db_engine_version
  instance_class = var.db_instance_class

  allocated_storage     = var.db_allocated_storage
  max_allocated_storage = var.db_max_allocated_storage
  storage_type          = "gp3"
  storage_encrypted     = true

  username = "coldreach_admin"
  password = random_password.db_master.result
  port     = 5432

  multi_az               = true
  db_subnet_group_name   = module.vpc.database_subnet_group_name
  vpc_security_group_ids = [aws_security_group.postgres.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.postgres.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  backup_retention_period    = 14
  backup_window              = "02:00-03:00"
  maintenance_window         = "sun:03:30-sun:04:30"
  auto_minor_version_upgrade = true
  copy_tags_to_snapshot      = true

  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  deletion_protection       = var.deletion_protection
  skip_final_snapshot       = !var.deletion_protection
  final_snapshot_identifier = var.deletion_protection ? "${local.name}-postgres-final" : null
}

# Same region as the primary, so it inherits the subnet group, storage encryption and credentials.
resource "aws_db_instance" "replica" {
  identifier          = "${local.name}-postgres-replica"
  replicate_source_db = aws_db_instance.primary.identifier
  instance_class      = var.db_replica_instance_class

  max_allocated_storage  = var.db_max_allocated_storage
  vpc_security_group_ids = [aws_security_group.postgres.id]
  publicly_accessible    = false
  parameter_group_name   = aws_db_parameter_group.postgres.name
  ca_cert_identifier     = "rds-ca-rsa2048-g1"

  maintenance_window         = "sun:04:30-sun:05:30"
  auto_minor_version_upgrade = true

  enabled_cloudwatch_logs_exports = ["postgresql", "upgrade"]

  deletion_protection = var.deletion_protection
  skip_final_snapshot = true
}

# The CA bundle for this region: the database URLs use sslmode=verify-full with it as sslrootcert.
data "http" "rds_ca_bundle" {
  url = "https://truststore.pki.rds.amazonaws.com/${var.region}/${var.region}-bundle.pem"

  lifecycle {
    postcondition {
      condition     = self.status_code == 200 && strcontains(self.response_body, "BEGIN CERTIFICATE")
      error_message = "Could not download the RDS CA bundle for ${var.region}."
    }
  }
}
