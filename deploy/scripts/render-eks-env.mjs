// Writes the eks overlay's two account-specific files from Terraform's outputs, so no hostname, ARN or
// secret name is copied by hand (both files are gitignored: they exist only where they were rendered):
//
//   node deploy/scripts/render-eks-env.mjs                       # runs `terraform output -json` in deploy/terraform
//   node deploy/scripts/render-eks-env.mjs --outputs out.json --overlay <dir>   # from a saved output
//
// k8s/overlays/eks/cluster.env  <- output eks_overlay_env (region, secret names, IRSA roles, API host, VPC)
// k8s/overlays/eks/kafka.env    <- output kafka_bootstrap_brokers_sasl_scram (MSK, SASL/SCRAM over TLS)
// Nothing written here is secret: the SCRAM password reaches the pods from Secrets Manager.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The keys k8s/overlays/eks/kustomization.yaml's replacements read from cluster.env. */
export const clusterEnvKeys = [
  'AWS_REGION',
  'APP_SECRET_NAME',
  'EMAIL_SECRET_NAME',
  'BOOTSTRAP_SECRET_NAME',
  'EXTERNAL_SECRETS_ROLE_ARN',
  'CLIENT_SERVICE_ROLE_ARN',
  'GATEWAY_ROLE_ARN',
  'API_HOST',
  'VPC_CIDR',
];

function outputValue(outputs, name) {
  const value = outputs[name]?.value;
  if (typeof value !== 'string' || value.trim() === '')
    throw new Error(`terraform output ${name} is missing or empty (run terraform apply first)`);
  return value.trim();
}

/** The two files' contents from `terraform output -json`'s object. Throws naming what is missing. */
export function renderEksEnv(outputs) {
  const clusterEnv = outputValue(outputs, 'eks_overlay_env');
  const present = new Set(clusterEnv.split('\n').map((line) => line.split('=')[0].trim()));
  const missing = clusterEnvKeys.filter((key) => !present.has(key));
  if (missing.length > 0) throw new Error(`terraform output eks_overlay_env lacks ${missing.join(', ')}`);

  const brokers = outputValue(outputs, 'kafka_bootstrap_brokers_sasl_scram');
  for (const broker of brokers.split(','))
    if (!/^[^\s:/]+:\d{1,5}$/.test(broker))
      throw new Error(`terraform output kafka_bootstrap_brokers_sasl_scram has "${broker}", not host:port`);
  const kafkaEnv = [
    '# Written by deploy/scripts/render-eks-env.mjs from `terraform output kafka_bootstrap_brokers_sasl_scram`.',
    `KAFKA_BROKERS=${brokers}`,
    'KAFKA_TLS=true',
    // The username and password come from coldreach-secrets (kafka-credentials.yaml).
    'KAFKA_SASL_MECHANISM=scram-sha-512',
    // MSK's min.insync.replicas=2 needs three replicas for acks=all writes to survive a broker.
    'KAFKA_REPLICATION_FACTOR=3',
    '',
  ].join('\n');
  return { clusterEnv: `${clusterEnv}\n`, kafkaEnv };
}

function main() {
  const { values } = parseArgs({
    options: {
      outputs: { type: 'string' },
      overlay: { type: 'string', default: join(repositoryRoot, 'k8s/overlays/eks') },
    },
  });
  const json = values.outputs
    ? readFileSync(values.outputs, 'utf8')
    : execFileSync('terraform', ['-chdir=' + join(repositoryRoot, 'deploy/terraform'), 'output', '-json'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
      });
  const { clusterEnv, kafkaEnv } = renderEksEnv(JSON.parse(json));
  writeFileSync(join(values.overlay, 'cluster.env'), clusterEnv);
  writeFileSync(join(values.overlay, 'kafka.env'), kafkaEnv);
  console.log(`render-eks-env: wrote cluster.env and kafka.env in ${values.overlay}`);
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`render-eks-env: ${error.message}`);
    process.exit(1);
  }
}
