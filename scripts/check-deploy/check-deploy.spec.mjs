// Each deploy check rejects a broken input, naming the problem: the proof that a clean run means something.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { renderEksEnv } from '../../deploy/scripts/render-eks-env.mjs';
import { containerEnvironment } from './app-env.mjs';
import { checkComposeFile, checkKubernetesRender } from './checks.mjs';
import { interpolate } from './compose.mjs';
import { findExampleValues } from './placeholders.mjs';
import { checkSecretKeys } from './secret-keys.mjs';
import { checkReferences, references, stripComments } from './terraform.mjs';

const compose = readFileSync('docker-compose.yml', 'utf8');
const fixture = JSON.parse(readFileSync('scripts/check-deploy/terraform-outputs.fixture.json', 'utf8'));
const kubectl = spawnSync('kubectl', ['kustomize', 'k8s/overlays/local'], {
  encoding: 'utf8',
  maxBuffer: 64 << 20,
});
const noKubectl = kubectl.error ? 'kubectl is not installed' : false;

const manifest = (podSpec) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: broken
spec:
  selector:
    matchLabels: { app: broken }
  template:
    metadata:
      labels: { app: broken }
    spec:
${podSpec}`;

test('a manifest with an unknown or mistyped field fails', async () => {
  const problems = await checkKubernetesRender(
    manifest(`      enableServiceLink: false
      containers:
        - name: app
          image: app
          ports:
            - containerPort: '8080'`),
    'test',
  );
  assert.deepEqual(problems, [
    'test: Deployment broken: .spec.template.spec.enableServiceLink: unknown field (not in V1PodSpec)',
    'test: Deployment broken: .spec.template.spec.containers[0].ports[0].containerPort: must be number, not a string',
  ]);
  const missing = await checkKubernetesRender(manifest('      containers:\n        - image: app'), 'test');
  assert.deepEqual(missing, [
    'test: Deployment broken: .spec.template.spec.containers[0].name: required by V1Container, missing',
  ]);
});

test('the local overlay passes, and fails once a variable is misnamed', { skip: noKubectl }, async () => {
  assert.deepEqual(await checkKubernetesRender(kubectl.stdout, 'local'), []);
  const misnamed = kubectl.stdout.replace(
    '  CLIENT_SERVICE_URL: http://client-service:50051\n  EMAIL_SERVICE_URL',
    '  CLIENT_SERVICE_URI: http://client-service:50051\n  EMAIL_SERVICE_URL',
  );
  assert.notEqual(misnamed, kubectl.stdout);
  const problems = await checkKubernetesRender(misnamed, 'local');
  assert.ok(
    problems.some((problem) =>
      problem.includes('CLIENT_SERVICE_URI is set but campaign-service never reads it'),
    ),
    problems.join('\n'),
  );
  const unset = kubectl.stdout.replace(/^ {2}KAFKA_BROKERS: kafka:9092\n/m, '');
  assert.ok(
    (await checkKubernetesRender(unset, 'local')).some((problem) =>
      /KAFKA_BROKERS: is required/.test(problem),
    ),
  );
});

test('a compose file outside the Compose Specification fails', async () => {
  assert.deepEqual(await checkComposeFile(compose), []);
  const problems = await checkComposeFile(
    compose.replace(
      '  redis:\n    image: redis:7\n    restart:',
      '  redis:\n    image: redis:7\n    restartt:',
    ),
  );
  assert.deepEqual(problems, [
    `docker-compose.yml: .services['redis'] should NOT have additional properties "restartt"`,
  ]);
});

test('a compose app with a misnamed or malformed variable fails', async () => {
  const misnamed = await checkComposeFile(
    compose.replace(
      '      EMAIL_SERVICE_URL: http://email-service:50053\n      KAFKA_BROKERS',
      '      EMAIL_SERVICE_ULR: http://email-service:50053\n      KAFKA_BROKERS',
    ),
  );
  assert.ok(
    misnamed.includes(
      'docker-compose.yml: service campaign-service: EMAIL_SERVICE_ULR is set but campaign-service never reads it (misnamed?)',
    ),
    misnamed.join('\n'),
  );
  const badSasl = await checkComposeFile(
    compose.replace(
      "      KAFKA_TLS: 'false'\n",
      "      KAFKA_TLS: 'false'\n      KAFKA_SASL_MECHANISM: scram-sha-512\n",
    ),
  );
  assert.ok(
    badSasl.some((problem) =>
      problem.startsWith(
        'docker-compose.yml: service admin: KAFKA_SASL_MECHANISM is set, so KAFKA_SASL_USERNAME is required',
      ),
    ),
    badSasl.join('\n'),
  );
});

test('compose interpolation uses defaults and shaped placeholders', () => {
  assert.equal(
    interpolate('a ${X:-d} ${Y-e} $$ ${REDIS_URL:?set it}'),
    'a d e $ rediss://:placeholder@redis.internal:6379',
  );
});

test('a dangling terraform reference fails, naming file, line and reference', () => {
  const text = [
    'variable "region" {}',
    'locals { name = "x" }',
    'resource "aws_s3_bucket" "logs" { bucket = "${local.name}-${var.region}" } # var.commented_out is ignored',
    'output "bad" { value = aws_s3_bucket.missing.arn }',
    'output "worse" { value = "${var.nope} ${local.nope} ${module.nope.id} ${data.aws_iam_policy.nope.arn}" }',
  ].join('\n');
  assert.deepEqual(checkReferences([{ file: 'main.tf', text }]), [
    'main.tf:5: var.nope is referenced but never declared',
    'main.tf:5: local.nope is referenced but never declared',
    'main.tf:5: module.nope is referenced but never declared',
    'main.tf:5: data.aws_iam_policy.nope is referenced but never declared',
    'main.tf:4: aws_s3_bucket.missing is referenced but never declared',
  ]);
  // The real files do have references for the scan to check (it is not vacuous).
  const msk = stripComments(readFileSync('deploy/terraform/msk.tf', 'utf8'));
  assert.ok(references(msk).some((reference) => reference.name === 'aws_msk_configuration.kafka'));
});

test('example hostnames where terraform outputs belong fail', () => {
  const files = {
    'kafka.env':
      'KAFKA_BROKERS=b-1.coldreach.example.kafka.eu-west-1.amazonaws.com:9096\nKAFKA_BROKERS=b-1.msk1.c2.kafka.eu-west-1.amazonaws.com:9096',
    'cluster.env': 'API_HOST=api.example.com\nCLIENT_SERVICE_ROLE_ARN=arn:aws:iam::000000000000:role/x',
    'service-accounts.yaml': 'eks.amazonaws.com/role-arn: set-from-cluster.env',
  };
  assert.deepEqual(
    findExampleValues(Object.keys(files), (file) => files[file]),
    [
      'kafka.env:1: an .example. hostname where a terraform output belongs',
      'kafka.env:2: an AWS endpoint hostname where a terraform output belongs',
      'cluster.env:1: an example.com hostname where a terraform output belongs',
      'cluster.env:2: an all-zero AWS account id where a terraform output belongs',
    ],
  );
});

test('render-eks-env writes the brokers and refuses incomplete outputs', () => {
  const { kafkaEnv, clusterEnv } = renderEksEnv(fixture);
  assert.match(kafkaEnv, /^KAFKA_BROKERS=b-1\.kafka\.test:9096,b-2\.kafka\.test:9096$/m);
  assert.match(kafkaEnv, /^KAFKA_SASL_MECHANISM=scram-sha-512$/m);
  assert.match(clusterEnv, /^VPC_CIDR=10\.40\.0\.0\/16$/m);
  assert.throws(
    () => renderEksEnv({ ...fixture, kafka_bootstrap_brokers_sasl_scram: { value: '' } }),
    /kafka_bootstrap_brokers_sasl_scram is missing or empty/,
  );
  assert.throws(
    () => renderEksEnv({ ...fixture, kafka_bootstrap_brokers_sasl_scram: { value: 'b-1 :9096' } }),
    /not host:port/,
  );
  const noVpc = {
    ...fixture,
    eks_overlay_env: { value: fixture.eks_overlay_env.value.replace(/^VPC_CIDR=.*$/m, '') },
  };
  assert.throws(() => renderEksEnv(noVpc), /eks_overlay_env lacks VPC_CIDR/);
});

test('a Secret key the eks pods read but Terraform never writes fails', () => {
  const secretsTf = `resource "aws_secretsmanager_secret_version" "app" {
  secret_id = aws_secretsmanager_secret.app.id
  secret_string = jsonencode({
    REDIS_URL = "rediss://x"
  })
}
`;
  const pod = (key, optional) => ({
    kind: 'Deployment',
    metadata: { name: 'gateway' },
    spec: {
      template: {
        spec: {
          containers: [
            {
              name: 'gateway',
              env: [{ name: key, valueFrom: { secretKeyRef: { name: 'coldreach-secrets', key, optional } } }],
            },
          ],
        },
      },
    },
  });
  assert.deepEqual(checkSecretKeys([pod('REDIS_URL')], secretsTf, 'eks'), []);
  assert.deepEqual(checkSecretKeys([pod('GATEWAY_DATABASE_URL', true)], secretsTf, 'eks'), []);
  assert.deepEqual(checkSecretKeys([pod('GATEWAY_DATABASE_URL')], secretsTf, 'eks'), [
    "eks: Deployment gateway reads GATEWAY_DATABASE_URL from Secret coldreach-secrets, which Terraform's app secret (secrets.tf) does not write",
  ]);
});

test('a configured address that the NetworkPolicies block fails', { skip: noKubectl }, async () => {
  // The client service's policy admits the scraper among its callers; without it, the scraper's
  // CLIENT_SERVICE_URL leads nowhere.
  const blocked = kubectl.stdout
    .split('\n---\n')
    .map((document) =>
      document.startsWith('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n') &&
      document.includes('\n  name: client-service\n')
        ? document.replace(/\n\s+- scraper-service\n/, '\n')
        : document,
    )
    .join('\n---\n');
  assert.notEqual(blocked, kubectl.stdout);
  assert.deepEqual(
    (await checkKubernetesRender(blocked, 'local')).filter((problem) => problem.includes('NetworkPolicy')),
    [
      'local: Deployment scraper-service, container scraper-service: CLIENT_SERVICE_URL names client-service:50051, but no NetworkPolicy lets this pod into client-service',
    ],
  );
  const noEgress = kubectl.stdout.replace(
    /\n {2}KAFKA_BROKERS: kafka:9092\n/,
    '\n  KAFKA_BROKERS: kafka:9093\n',
  );
  assert.ok(
    (await checkKubernetesRender(noEgress, 'local')).some((problem) =>
      problem.includes('KAFKA_BROKERS names kafka:9093, which no rendered pod serves'),
    ),
  );
});

test('an optional key of a Terraform-fed Secret is unset in the pod unless Terraform writes it', () => {
  const optionalRef = (key) => ({
    name: key,
    valueFrom: { secretKeyRef: { name: 'coldreach-secrets', key, optional: true } },
  });
  const container = {
    name: 'email-service',
    env: ['EMAIL_DATABASE_URL', 'EMAIL_DATABASE_URLS'].map(optionalRef),
  };
  const objects = [{ kind: 'ExternalSecret', metadata: { name: 'coldreach-secrets' } }];
  const written = new Set(['EMAIL_DATABASE_URL']);
  const { env, problems } = containerEnvironment(container, objects, 'eks', (secret) =>
    secret === 'coldreach-secrets' ? written : undefined,
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(Object.keys(env), ['EMAIL_DATABASE_URL']);
  // Without Terraform's keys (no secrets.tf for this Secret), every key is taken as present.
  assert.deepEqual(Object.keys(containerEnvironment(container, objects, 'eks').env), [
    'EMAIL_DATABASE_URL',
    'EMAIL_DATABASE_URLS',
  ]);
});
