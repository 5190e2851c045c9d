// Each app's own config reader (apps/*/src/config.ts, the zod schemas the processes start with) over the
// environment that compose or a rendered overlay gives it. A missing or malformed variable fails as it
// would at start-up; a variable the app never reads (a misspelt name) fails too: the reader's reads are
// recorded through a Proxy, so "never read" means exactly that. Values that live outside the repository
// (Secrets, `.env`) are placeholders of the right shape.
import { Buffer } from 'node:buffer';
import { createRequire } from 'node:module';
import { placeholderFor } from './placeholders.mjs';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url).pathname;

const readers = {
  gateway: ['apps/gateway/src/config.ts', 'readGatewayConfig'],
  'client-service': ['apps/client-service/src/config.ts', 'readClientServiceConfig'],
  'campaign-service': ['apps/campaign-service/src/config.ts', 'readCampaignServiceConfig'],
  'email-service': ['apps/email-service/src/config.ts', 'readEmailServiceConfig'],
  'scraper-service': ['apps/scraper-service/src/config.ts', 'readScraperServiceConfig'],
  'analytics-service': ['apps/analytics-service/src/config.ts', 'readAnalyticsServiceConfig'],
  admin: ['apps/admin-cli/src/config.ts', 'readAdminConfig'],
  'create-databases': ['deploy/scripts/create-databases.mjs', 'targetsFrom'],
};

// The variables deploy/scripts/migrate-service-databases.cjs reads (its services load only when it runs).
const serviceDatabaseUrls = require('../../deploy/scripts/migrate-service-databases.cjs').variables;

// Read outside the apps' config schemas: by libs/observability (traces), libs/events (the Kafka client's
// TLS and SASL login), deploy/scripts (the migration steps).
const readElsewhere = {
  all: [
    'OTEL_EXPORTER_OTLP_ENDPOINT',
    'EVENTS_KAFKA_CLIENT',
    'KAFKA_TLS',
    'KAFKA_SASL_MECHANISM',
    'KAFKA_SASL_USERNAME',
    'KAFKA_SASL_PASSWORD',
  ],
  // compose's migrate and admin share one list of URLs; migrate-service-databases.cjs reads these.
  admin: serviceDatabaseUrls,
  'create-databases': ['DATABASE_BOOTSTRAP_URL', 'MAINTENANCE_DATABASE'],
  'migrate-services': serviceDatabaseUrls,
};

let loaded;
function modules() {
  if (!loaded) {
    require('@swc-node/register'); // the configs are TypeScript
    loaded = {
      security: require(`${root}libs/events/src/kafka-security.ts`).kafkaSecurityFromEnv,
    };
  }
  return loaded;
}

async function readerOf(app) {
  const [file, name] = readers[app];
  modules();
  const module = file.endsWith('.mjs') ? await import(`${root}${file}`) : require(`${root}${file}`);
  return module[name];
}

/**
 * Problems of one workload's environment. `app` picks the reader (a key of `readers`, or
 * 'migrate-services', which has none: only its variable names are checked); `where` names the workload.
 */
export async function checkAppEnv(app, env, where) {
  const problems = [];
  const seen = new Set();
  const watched = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') seen.add(key);
      return target[key];
    },
  });
  if (readers[app]) {
    try {
      await (
        await readerOf(app)
      )(watched);
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
    }
  }
  if (env.KAFKA_BROKERS !== undefined) {
    try {
      modules().security(env);
    } catch (error) {
      problems.push(`${where}: ${error.message}`);
    }
  }
  const known = new Set([...readElsewhere.all, ...(readElsewhere[app] ?? [])]);
  for (const key of Object.keys(env))
    if (!seen.has(key) && !known.has(key))
      problems.push(`${where}: ${key} is set but ${app} never reads it (misnamed?)`);
  return problems;
}

/** A compose service's `environment` (map or list) as strings. */
export function composeEnvironment(environment = {}) {
  if (Array.isArray(environment))
    return Object.fromEntries(
      environment.map((entry) => [entry.split('=')[0], entry.split('=').slice(1).join('=')]),
    );
  return Object.fromEntries(
    Object.entries(environment).map(([key, value]) => [key, value === null ? '' : String(value)]),
  );
}

// Secrets that no overlay renders because an operator creates them (deploy/README.md).
const outOfBandSecrets = new Set(['email-service-secrets']);

/**
 * A container's environment from rendered objects: its ConfigMaps' data, its Secrets' (decoded, or
 * placeholders where the Secret comes from an ExternalSecret or an operator), its literal values.
 * `writtenKeys(secretName)`: the keys Terraform writes into that Secret, when it does (the eks overlay);
 * an optional key it does not write is then unset, as in the pod (e.g. EMAIL_DATABASE_URLS beside
 * EMAIL_DATABASE_URL, one of which the Secret holds).
 * Problems: a reference to a ConfigMap, Secret or key that does not exist.
 */
export function containerEnvironment(container, objects, where, writtenKeys = () => undefined) {
  const env = {};
  const problems = [];
  const find = (kind, name) =>
    objects.find((object) => object.kind === kind && object.metadata?.name === name);
  const externalSecret = (name) =>
    objects.some(
      (object) =>
        object.kind === 'ExternalSecret' && (object.spec?.target?.name ?? object.metadata.name) === name,
    );
  const secretValue = (name, key, optional) => {
    const secret = find('Secret', name);
    if (secret) {
      const data =
        secret.data?.[key] !== undefined
          ? Buffer.from(secret.data[key], 'base64').toString()
          : secret.stringData?.[key];
      if (data === undefined && !optional) problems.push(`${where}: Secret ${name} has no key ${key}`);
      return data;
    }
    if (externalSecret(name) || outOfBandSecrets.has(name))
      return optional && writtenKeys(name)?.has(key) === false ? undefined : placeholderFor(key);
    if (!optional)
      problems.push(`${where}: Secret ${name} is neither rendered nor an ExternalSecret's target`);
    return undefined;
  };
  for (const source of container.envFrom ?? []) {
    if (source.configMapRef) {
      const map = find('ConfigMap', source.configMapRef.name);
      if (!map) problems.push(`${where}: ConfigMap ${source.configMapRef.name} is not rendered`);
      Object.assign(env, map?.data ?? {});
    }
    if (source.secretRef) {
      const secret = find('Secret', source.secretRef.name);
      if (!secret)
        problems.push(
          `${where}: envFrom Secret ${source.secretRef.name} is not rendered (its keys are unknown)`,
        );
      for (const [key, value] of Object.entries(secret?.data ?? {}))
        env[key] = Buffer.from(value, 'base64').toString();
    }
  }
  for (const variable of container.env ?? []) {
    const from = variable.valueFrom;
    let value = variable.value;
    if (from?.secretKeyRef)
      value = secretValue(from.secretKeyRef.name, from.secretKeyRef.key, from.secretKeyRef.optional);
    else if (from?.configMapKeyRef) {
      value = find('ConfigMap', from.configMapKeyRef.name)?.data?.[from.configMapKeyRef.key];
      if (value === undefined && !from.configMapKeyRef.optional)
        problems.push(
          `${where}: ConfigMap ${from.configMapKeyRef.name} has no key ${from.configMapKeyRef.key}`,
        );
    } else if (from) value = placeholderFor(variable.name);
    if (value !== undefined) env[variable.name] = value;
  }
  return { env, problems };
}
