// The deploy checks, each over text or parsed objects and returning problems (strings naming the file or
// object and what is wrong), so scripts/check-deploy.mjs runs them on the repository and the specs on
// broken inputs.
import YAML from 'yaml';
import { checkAppEnv, composeEnvironment, containerEnvironment } from './app-env.mjs';
import { composeModel, validateCompose } from './compose.mjs';
import { validateKubernetesObject } from './kubernetes-schema.mjs';
import { checkReachability } from './reachability.mjs';
import { checkSecretKeys, terraformSecretOf, terraformSecretKeys } from './secret-keys.mjs';

// The migration Job's containers and the config reader each one runs with.
const jobContainers = {
  'create-databases': 'create-databases',
  migrate: 'admin',
  'migrate-services': 'migrate-services',
};
const apps = [
  'gateway',
  'client-service',
  'campaign-service',
  'email-service',
  'scraper-service',
  'analytics-service',
];

/**
 * `kubectl kustomize` output of one overlay: schemas, then (unless `schemasOnly`: the base, whose
 * Secrets only overlays provide) every app container's environment; with `secretsTf` (the text of
 * deploy/terraform/secrets.tf), also that Terraform writes every Secret key the pods read.
 */
export async function checkKubernetesRender(yamlText, overlay, { schemasOnly = false, secretsTf } = {}) {
  const objects = YAML.parseAllDocuments(yamlText)
    .map((document) => document.toJS())
    .filter(Boolean);
  const problems = objects.flatMap((object) =>
    validateKubernetesObject(object).map((problem) => `${overlay}: ${problem}`),
  );
  if (secretsTf !== undefined) problems.push(...checkSecretKeys(objects, secretsTf, overlay));
  const terraformKeys = secretsTf === undefined ? new Map() : terraformSecretKeys(secretsTf);
  const writtenKeys = (secret) => terraformKeys.get(terraformSecretOf[secret]);
  if (yamlText.includes('set-from-cluster.env'))
    problems.push(
      `${overlay}: a set-from-cluster.env placeholder is left (a replacement's source or target is missing)`,
    );
  for (const object of schemasOnly ? [] : objects) {
    const name = object.metadata?.name ?? '';
    const isApp = object.kind === 'Deployment' && apps.includes(name);
    const isMigration = object.kind === 'Job' && name.startsWith('coldreach-migrate');
    if (!isApp && !isMigration) continue;
    const pod = object.spec?.template?.spec ?? {};
    for (const container of [...(pod.initContainers ?? []), ...(pod.containers ?? [])]) {
      const app = isApp ? name : jobContainers[container.name];
      const where = `${overlay}: ${object.kind} ${name}, container ${container.name}`;
      if (!app) {
        problems.push(`${where}: no config reader known for this container`);
        continue;
      }
      const { env, problems: references } = containerEnvironment(container, objects, where, writtenKeys);
      problems.push(...references, ...(await checkAppEnv(app, env, where)));
      problems.push(...checkReachability(objects, object, env, where));
    }
  }
  return problems;
}

/** docker-compose.yml: the Compose schema, then each app service's environment. */
export async function checkComposeFile(text, file = 'docker-compose.yml') {
  const problems = validateCompose(text, file);
  if (problems.length > 0) return problems;
  const services = composeModel(text).services ?? {};
  for (const [name, service] of Object.entries(services)) {
    const env = composeEnvironment(service.environment);
    const where = `${file}: service ${name}`;
    if (apps.includes(name)) problems.push(...(await checkAppEnv(name, env, where)));
    else if (name === 'admin') problems.push(...(await checkAppEnv('admin', env, where)));
    else if (name === 'migrate')
      for (const app of ['create-databases', 'admin']) problems.push(...(await checkAppEnv(app, env, where)));
  }
  return problems;
}
