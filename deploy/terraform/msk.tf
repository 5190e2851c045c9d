# Kafka (MSK) for the event bus: brokers spread over the AZs, TLS between clients and brokers and between
# brokers. Clients log in with SASL/SCRAM-SHA-512 over TLS (port 9096; the event bus's KAFKA_SASL_*
# settings) besides passing the security group; unauthenticated clients are refused. The one SCRAM user's
# credentials live in a Secrets Manager entry that MSK reads (its name must start with AmazonMSK_ and it
# must be encrypted with a customer-managed KMS key) and, for the apps, in the `app` secret (secrets.tf).

resource "aws_msk_configuration" "kafka" {
  name           = "${local.name}-kafka"
  kafka_versions = [var.kafka_version]

  # Topics are created explicitly (their names live in libs/contracts), never by a typo in a producer.
  server_properties = <<-EOT
    auto.create.topics.enable=false
    default.replication.factor=3
    min.insync.replicas=2
    num.partitions=6
    unclean.leader.election.enable=false
  EOT
}

resource "aws_msk_cluster" "kafka" {
  cluster_name           = "${local.name}-kafka"
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.msk_broker_count

  broker_node_group_info {
    instance_type   = var.msk_instance_type
    client_subnets  = module.vpc.database_subnets
    security_groups = [aws_security_group.kafka.id]

    storage_info {
      ebs_storage_info {
        volume_size = var.msk_volume_size
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.kafka.arn
    revision = aws_msk_configuration.kafka.latest_revision
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  client_authentication {
    unauthenticated = false

    sasl {
      scram = true
    }
  }
}

resource "random_password" "kafka_scram" {
  length  = 32
  special = false
}

resource "aws_kms_key" "kafka_scram" {
  description         = "${local.name}: encrypts the MSK SCRAM credentials secret"
  enable_key_rotation = true
}

resource "aws_secretsmanager_secret" "kafka_scram" {
  name                    = "AmazonMSK_${local.name}-apps"
  description             = "Cold Reach MSK SCRAM user of the apps (associated with the cluster)"
  kms_key_id              = aws_kms_key.kafka_scram.key_id
  recovery_window_in_days = 7
}

resource "aws_secretsmanager_secret_version" "kafka_scram" {
  secret_id = aws_secretsmanager_secret.kafka_scram.id
  secret_string = jsonencode({
    username = "coldreach"
    password = random_password.kafka_scram.result
  })
}

# The policy MSK attaches itself on association, declared here so plans show no drift.
resource "aws_secretsmanager_secret_policy" "kafka_scram" {
  secret_arn = aws_secretsmanager_secret.kafka_scram.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "AWSKafkaResourcePolicy"
      Effect    = "Allow"
      Principal = { Service = "kafka.amazonaws.com" }
      Action    = "secretsmanager:getSecretValue"
      Resource  = aws_secretsmanager_secret.kafka_scram.arn
    }]
  })
}

resource "aws_msk_scram_secret_association" "kafka" {
  cluster_arn     = aws_msk_cluster.kafka.arn
  secret_arn_list = [aws_secretsmanager_secret.kafka_scram.arn]

  depends_on = [aws_secretsmanager_secret_version.kafka_scram]
}
