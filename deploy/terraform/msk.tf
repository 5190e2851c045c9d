# Kafka (MSK) for the event bus: brokers spread over the AZs, TLS between clients and brokers and between
# brokers. Clients are admitted by security group only (unauthenticated TLS); switch on SASL/IAM or SCRAM
# here once the event bus clients support it.

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
    unauthenticated = true
  }
}
