module "eks" {
  source  = "terraform-aws-modules/eks/aws"
  version = "~> 21.19"

  name               = local.name
  kubernetes_version = var.kubernetes_version

  vpc_id     = module.vpc.vpc_id
  subnet_ids = module.vpc.private_subnets

  endpoint_private_access      = true
  endpoint_public_access       = length(var.eks_public_access_cidrs) > 0
  endpoint_public_access_cidrs = var.eks_public_access_cidrs

  # Whoever runs `terraform apply` can administer the cluster (add more with access_entries).
  enable_cluster_creator_admin_permissions = true

  # IRSA: the ServiceAccounts in k8s/overlays/eks assume the roles in irsa.tf.
  enable_irsa = true

  addons = {
    coredns    = {}
    kube-proxy = {}
    vpc-cni = {
      before_compute = true
      # Enforces the NetworkPolicies (default-deny, then explicit allows: k8s/base/network-policies.yaml).
      configuration_values = jsonencode({ enableNetworkPolicy = "true" })
    }
    # The HorizontalPodAutoscalers scale on CPU from metrics-server.
    metrics-server = {}
  }

  # The Cluster Autoscaler (cluster-autoscaler.tf) moves desired_size between min_size and max_size;
  # the module ignores later changes of desired_size, so an apply never undoes its work.
  eks_managed_node_groups = {
    default = {
      ami_type       = "AL2023_x86_64_STANDARD"
      instance_types = var.node_instance_types
      min_size       = var.node_min_size
      max_size       = var.node_max_size
      desired_size   = var.node_desired_size
    }
  }
}
