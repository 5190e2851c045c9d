variable "name" {
  description = "Project name, the first part of every resource name."
  type        = string
  default     = "coldreach"
}

variable "environment" {
  description = "Environment name (production, staging, ...), the second part of every resource name."
  type        = string
  default     = "production"
}

variable "region" {
  description = "AWS region."
  type        = string
  default     = "eu-west-1"
}

variable "api_host" {
  description = "Public host name of the REST API (the gateway's ALB); an ACM certificate for it must exist in the region."
  type        = string
}

variable "k8s_namespace" {
  description = "Kubernetes namespace of the apps (k8s/base uses coldreach); the IRSA roles trust ServiceAccounts in it."
  type        = string
  default     = "coldreach"
}

# --- network ---

variable "vpc_cidr" {
  description = "VPC address range; split into public, private (nodes and pods) and data subnets per AZ."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "Availability zones to use (RDS Multi-AZ and MSK need at least 2; 3 is recommended)."
  type        = number
  default     = 3

  validation {
    condition     = var.az_count >= 2 && var.az_count <= 4
    error_message = "az_count must be between 2 and 4."
  }
}

variable "single_nat_gateway" {
  description = "One NAT gateway for the whole VPC (cheaper) instead of one per AZ (survives an AZ outage)."
  type        = bool
  default     = false
}

# --- EKS ---

variable "kubernetes_version" {
  description = "EKS Kubernetes version (native gRPC probes need >= 1.27)."
  type        = string
  default     = "1.33"
}

variable "eks_public_access_cidrs" {
  description = "CIDRs allowed to reach the EKS API endpoint from the internet; empty keeps the endpoint private."
  type        = list(string)
  default     = []
}

variable "node_instance_types" {
  description = "Instance types of the managed node group (x86_64: the image is built for linux/amd64 by default)."
  type        = list(string)
  default     = ["m6i.large"]
}

variable "node_min_size" {
  description = "Minimum nodes in the managed node group."
  type        = number
  default     = 3
}

variable "node_max_size" {
  description = "Maximum nodes in the managed node group."
  type        = number
  default     = 9
}

variable "node_desired_size" {
  description = "Initial nodes in the managed node group."
  type        = number
  default     = 3
}

# --- PostgreSQL (RDS) ---

variable "db_engine_version" {
  description = "PostgreSQL major version; RDS picks (and upgrades) the minor version."
  type        = string
  default     = "16"
}

variable "db_instance_class" {
  description = "Instance class of the Multi-AZ primary."
  type        = string
  default     = "db.m6g.large"
}

variable "db_replica_instance_class" {
  description = "Instance class of the read replica."
  type        = string
  default     = "db.m6g.large"
}

variable "db_allocated_storage" {
  description = "Initial storage of the primary, GiB."
  type        = number
  default     = 100
}

variable "db_max_allocated_storage" {
  description = "Storage autoscaling ceiling, GiB."
  type        = number
  default     = 1000
}

variable "client_shard_count" {
  description = "Client shards (databases clients_0 .. clients_N-1). Changing it later means resharding (see deploy/README.md)."
  type        = number
  default     = 2

  validation {
    condition     = var.client_shard_count >= 1
    error_message = "client_shard_count must be at least 1."
  }
}

variable "deletion_protection" {
  description = "Protect the database from deletion (and take a final snapshot when it is deleted)."
  type        = bool
  default     = true
}

# --- Redis (ElastiCache) ---

variable "redis_engine_version" {
  description = "Redis OSS engine version (major.minor)."
  type        = string
  default     = "7.1"
}

variable "redis_node_type" {
  description = "ElastiCache node type (a primary and one replica in another AZ)."
  type        = string
  default     = "cache.m6g.large"
}

# --- Kafka (MSK) ---

variable "kafka_version" {
  description = "MSK Kafka version; local and CI run Apache Kafka 3.9 too."
  type        = string
  default     = "3.9.x"
}

variable "msk_instance_type" {
  description = "MSK broker instance type."
  type        = string
  default     = "kafka.m7g.large"
}

variable "msk_broker_count" {
  description = "MSK brokers; a multiple of az_count."
  type        = number
  default     = 3
}

variable "msk_volume_size" {
  description = "EBS storage per broker, GiB."
  type        = number
  default     = 100
}

variable "cluster_autoscaler_chart_version" {
  description = "Version of the cluster-autoscaler Helm chart (kubernetes.github.io/autoscaler)."
  type        = string
  default     = "9.46.6"
}

variable "cluster_autoscaler_image_tag" {
  description = "Cluster Autoscaler image tag; its minor version must match kubernetes_version."
  type        = string
  default     = "v1.33.0"
}
