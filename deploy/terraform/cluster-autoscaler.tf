# Cluster Autoscaler: adds nodes when pods are Pending for lack of room (the HorizontalPodAutoscalers
# grow five services to 12 pods each, far past what node_min_size nodes hold) and removes nodes that
# stay underused, between node_min_size and node_max_size. It finds the managed node group's Auto
# Scaling group by the tags EKS puts on it (k8s.io/cluster-autoscaler/enabled and
# k8s.io/cluster-autoscaler/<cluster name>), and scales it through its IRSA role, which may change only
# the groups tagged for this cluster.

module "cluster_autoscaler_irsa" {
  source  = "terraform-aws-modules/iam/aws//modules/iam-role-for-service-accounts"
  version = "~> 6.5"

  name            = "${local.name}-cluster-autoscaler"
  use_name_prefix = false

  attach_cluster_autoscaler_policy = true
  cluster_autoscaler_cluster_names = [module.eks.cluster_name]

  oidc_providers = {
    this = {
      provider_arn               = module.eks.oidc_provider_arn
      namespace_service_accounts = ["kube-system:cluster-autoscaler"]
    }
  }
}

resource "helm_release" "cluster_autoscaler" {
  name       = "cluster-autoscaler"
  namespace  = "kube-system"
  repository = "https://kubernetes.github.io/autoscaler"
  chart      = "cluster-autoscaler"
  version    = var.cluster_autoscaler_chart_version

  values = [yamlencode({
    cloudProvider = "aws"
    awsRegion     = var.region
    autoDiscovery = { clusterName = module.eks.cluster_name }
    # The autoscaler's minor version must match the cluster's.
    image = { tag = var.cluster_autoscaler_image_tag }
    rbac = {
      serviceAccount = {
        name        = "cluster-autoscaler"
        annotations = { "eks.amazonaws.com/role-arn" = module.cluster_autoscaler_irsa.arn }
      }
    }
    extraArgs = {
      # One node group per zone or not, keep the zones even (the apps spread over zones).
      balance-similar-node-groups = true
      expander                    = "least-waste"
      # Nodes whose only pods are DaemonSets and kube-system's may go too.
      skip-nodes-with-system-pods = false
    }
  })]

  depends_on = [module.eks]
}
