// Under default-deny NetworkPolicies a wiring change can silently cut a service off: every in-cluster
// address a workload is configured with (a `host:port` or URL naming a rendered Service, such as
// CLIENT_SERVICE_URL=http://client-service:50051 or the local overlay's postgres:5432) must be allowed
// by some policy both out of the caller and into the pods behind that Service. Peers given by
// namespaceSelector or ipBlock stand for other namespaces and the outside, so they never count here.

/** Whether a LabelSelector (matchLabels, matchExpressions) selects `labels`; no selector selects all. */
export function selects(selector, labels = {}) {
  for (const [key, value] of Object.entries(selector?.matchLabels ?? {}))
    if (labels[key] !== value) return false;
  for (const { key, operator, values = [] } of selector?.matchExpressions ?? []) {
    const has = Object.hasOwn(labels, key);
    const ok = {
      In: has && values.includes(labels[key]),
      NotIn: !has || !values.includes(labels[key]),
      Exists: has,
      DoesNotExist: !has,
    }[operator];
    if (!ok) return false;
  }
  return true;
}

const allowsPort = (ports, port) =>
  !ports?.length || ports.some((entry) => entry.port === port && (entry.protocol ?? 'TCP') === 'TCP');

// A same-namespace peer: a podSelector without namespaceSelector (an empty `from`/`to` means any peer).
const peerAllows = (peers, labels) =>
  !peers?.length ||
  peers.some((peer) => peer.podSelector && !peer.namespaceSelector && selects(peer.podSelector, labels));

function typesOf(policy) {
  return policy.spec.policyTypes ?? ['Ingress', ...(policy.spec.egress ? ['Egress'] : [])];
}

/** Whether traffic `direction` ('Ingress' or 'Egress') of the pod `self` to/from `peer` on `port` passes. */
function allowed(policies, direction, self, peer, port) {
  const isolating = policies.filter(
    (policy) => typesOf(policy).includes(direction) && selects(policy.spec.podSelector, self),
  );
  if (isolating.length === 0) return true;
  const rules = (policy) => (direction === 'Ingress' ? policy.spec.ingress : policy.spec.egress) ?? [];
  return isolating.some((policy) =>
    rules(policy).some(
      (rule) =>
        allowsPort(rule.ports, port) && peerAllows(direction === 'Ingress' ? rule.from : rule.to, peer),
    ),
  );
}

/** The pod port a Service port leads to (a named targetPort resolved through the pods' containers). */
function podPort(service, servicePort, pods) {
  const entry = service.spec.ports?.find((port) => port.port === servicePort);
  if (!entry) return undefined;
  const target = entry.targetPort ?? entry.port;
  if (typeof target === 'number') return target;
  for (const pod of pods)
    for (const container of pod.spec?.template?.spec?.containers ?? [])
      for (const port of container.ports ?? []) if (port.name === target) return port.containerPort;
  return undefined;
}

/** `host:port` pairs in a setting's value that name one of `services` (URLs, broker lists, …). */
function addressesIn(value, services) {
  const found = [];
  for (const match of String(value).matchAll(/(?:^|[/,@\s])([a-z0-9-]+):(\d{1,5})(?=$|[/,?\s])/g))
    if (services.has(match[1])) found.push({ host: match[1], port: Number(match[2]) });
  return found;
}

/** Problems: configured in-cluster addresses of one workload that the NetworkPolicies block. */
export function checkReachability(objects, workload, env, where) {
  const policies = objects.filter((object) => object.kind === 'NetworkPolicy');
  const services = new Map(
    objects.filter((object) => object.kind === 'Service').map((s) => [s.metadata.name, s]),
  );
  const workloads = objects.filter((object) => object.spec?.template?.metadata?.labels);
  const self = workload.spec.template.metadata.labels;
  const problems = [];
  for (const [variable, value] of Object.entries(env)) {
    for (const { host, port } of addressesIn(value, services)) {
      const service = services.get(host);
      const pods = workloads.filter((object) =>
        selects({ matchLabels: service.spec.selector }, object.spec.template.metadata.labels),
      );
      const target = podPort(service, port, pods);
      if (pods.length === 0 || target === undefined) {
        problems.push(`${where}: ${variable} names ${host}:${port}, which no rendered pod serves`);
        continue;
      }
      const peer = pods[0].spec.template.metadata.labels;
      if (!allowed(policies, 'Egress', self, peer, target))
        problems.push(
          `${where}: ${variable} names ${host}:${port}, but no NetworkPolicy lets this pod out to it`,
        );
      if (!allowed(policies, 'Ingress', peer, self, target))
        problems.push(
          `${where}: ${variable} names ${host}:${port}, but no NetworkPolicy lets this pod into ${pods[0].metadata.name}`,
        );
    }
  }
  return problems;
}
