# Redis (rate limits, caches): a primary and a replica in another AZ with automatic failover, TLS in
# transit (the apps connect with rediss://) and an AUTH token kept in Secrets Manager.

resource "random_password" "redis_auth" {
  length  = 64
  special = false # URL-safe, and within ElastiCache's AUTH token rules
}

resource "aws_elasticache_subnet_group" "redis" {
  name       = "${local.name}-redis"
  subnet_ids = module.vpc.database_subnets
}

resource "aws_elasticache_replication_group" "redis" {
  replication_group_id = "${local.name}-redis"
  description          = "Cold Reach rate limits and caches"

  engine               = "redis"
  engine_version       = var.redis_engine_version
  node_type            = var.redis_node_type
  parameter_group_name = "default.redis7"
  port                 = 6379

  num_cache_clusters         = 2
  automatic_failover_enabled = true
  multi_az_enabled           = true

  subnet_group_name  = aws_elasticache_subnet_group.redis.name
  security_group_ids = [aws_security_group.redis.id]

  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.redis_auth.result
  auth_token_update_strategy = "ROTATE"

  snapshot_retention_limit = 3
  snapshot_window          = "01:00-02:00"
  maintenance_window       = "sun:05:30-sun:06:30"
}
