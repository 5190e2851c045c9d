// Validates rendered Kubernetes objects offline against the API's own field lists: the model classes of
// @kubernetes/client-node, generated from the Kubernetes OpenAPI document, carry every field of every
// type (`attributeTypeMap`) and their declaration files mark which fields are required. An unknown field
// (a typo such as `enableServiceLink`, or a field at the wrong level) is an error here, where the API
// server would drop it silently or reject it only at `kubectl apply` time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const models = require('@kubernetes/client-node');
const modelsDir = join(dirname(require.resolve('@kubernetes/client-node')), 'gen/models');

// Custom resources that the overlays use, whose schemas are not in the Kubernetes API: their metadata
// is checked like any object's, their spec only for being an object (the operators validate the rest).
export const customResources = new Set([
  'external-secrets.io/v1 ExternalSecret',
  'external-secrets.io/v1 SecretStore',
]);

/** `apps/v1` + `Deployment` -> V1Deployment; `autoscaling/v2` + `HorizontalPodAutoscaler` -> V2…. */
function modelOf(apiVersion, kind) {
  const version = apiVersion.split('/').pop();
  const name = `${version[0].toUpperCase()}${version.slice(1)}${kind}`;
  return models[name]?.attributeTypeMap ? name : undefined;
}

const requiredCache = new Map();
/** Fields declared without `?` in the model's .d.ts: the OpenAPI document's `required`. */
function requiredFields(model) {
  if (!requiredCache.has(model)) {
    let source = '';
    try {
      source = readFileSync(join(modelsDir, `${model}.d.ts`), 'utf8');
    } catch {
      // No declaration file: nothing known to be required.
    }
    requiredCache.set(
      model,
      [...source.matchAll(/^ {4}'([^']+)': /gm)].map((match) => match[1]),
    );
  }
  return requiredCache.get(model);
}

function typeName(value) {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function checkValue(type, value, path, problems) {
  if (value === null || value === undefined || type === 'any') return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (!Array.isArray(value)) return problems.push(`${path}: must be a list, not ${typeName(value)}`);
    value.forEach((item, index) => checkValue(array[1], item, `${path}[${index}]`, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value !== 'object' || Array.isArray(value))
      return problems.push(`${path}: must be a map, not ${typeName(value)}`);
    for (const [key, item] of Object.entries(value)) checkValue(map[1], item, `${path}.${key}`, problems);
    return;
  }
  const expected = {
    string: ['string'],
    Date: ['string'],
    number: ['number'],
    boolean: ['boolean'],
    IntOrString: ['string', 'number'],
    object: ['object'],
  }[type];
  if (expected) {
    if (!expected.includes(typeof value))
      problems.push(`${path}: must be ${expected.join(' or ')}, not ${typeName(value)}`);
    return;
  }
  if (!models[type]?.attributeTypeMap) return problems.push(`${path}: no schema for type ${type}`);
  checkObject(type, value, path, problems);
}

function checkObject(model, value, path, problems) {
  if (typeof value !== 'object' || Array.isArray(value))
    return problems.push(`${path}: must be an object (${model}), not ${typeName(value)}`);
  const fields = new Map(models[model].attributeTypeMap.map((field) => [field.baseName, field.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!fields.has(key)) problems.push(`${path}.${key}: unknown field (not in ${model})`);
    else checkValue(fields.get(key), item, `${path}.${key}`, problems);
  }
  for (const key of requiredFields(model))
    if (value[key] === undefined && !(path === '' && (key === 'apiVersion' || key === 'kind')))
      problems.push(`${path}.${key}: required by ${model}, missing`);
}

/** Every problem of one rendered object, each naming the object and the field's path. */
export function validateKubernetesObject(object) {
  const problems = [];
  const { apiVersion, kind } = object ?? {};
  const label = `${kind ?? '?'} ${object?.metadata?.name ?? '?'}`;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return [`${label}: no apiVersion or kind`];
  if (customResources.has(`${apiVersion} ${kind}`)) {
    const { metadata, spec, ...rest } = object;
    delete rest.apiVersion;
    delete rest.kind;
    checkValue('V1ObjectMeta', metadata, '.metadata', problems);
    if (typeof spec !== 'object') problems.push('.spec: must be an object');
    for (const key of Object.keys(rest)) problems.push(`.${key}: unknown field (not in ${kind})`);
  } else {
    const model = modelOf(apiVersion, kind);
    if (!model) return [`${label}: unknown apiVersion/kind ${apiVersion} ${kind}`];
    checkObject(model, object, '', problems);
  }
  return problems.map((problem) => `${label}: ${problem}`);
}
