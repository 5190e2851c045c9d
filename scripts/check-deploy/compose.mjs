// docker-compose.yml against the Compose Specification's JSON schema (compose-spec.json beside this file,
// copied from github.com/compose-spec/compose-spec, schema/compose-spec.json at commit 170098b, Apache-2.0;
// the docker compose CLI is not needed), after the `${VAR…}` interpolation compose itself does.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import YAML from 'yaml';
import { placeholderFor } from './placeholders.mjs';

const require = createRequire(import.meta.url);
const Ajv = require('ajv');

/**
 * Compose's interpolation: `${VAR:-default}` and `${VAR-default}` give the default, `${VAR:?error}`,
 * `${VAR?error}` and `${VAR}` a placeholder of the variable's shape (as if the operator had set it),
 * `$$` a literal `$`.
 */
export function interpolate(text) {
  return text.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*)|(:?\?)[^}]*)?\}/g,
    (match, name, dash, fallback) => {
      if (match === '$$') return '$';
      return dash ? fallback : placeholderFor(name);
    },
  );
}

let validator;
function schemaValidator() {
  if (!validator) {
    const schema = JSON.parse(readFileSync(new URL('./compose-spec.json', import.meta.url), 'utf8'));
    delete schema.$schema; // draft-07, which this Ajv speaks without being told
    validator = new Ajv({ allErrors: true, unknownFormats: 'ignore', schemaId: 'auto' }).compile(schema);
  }
  return validator;
}

/** The interpolated, merged (`<<: *anchor`) compose model of a file's text. */
export function composeModel(text) {
  return YAML.parse(interpolate(text), { merge: true });
}

/** Problems of one compose file's text, each naming where in the file. */
export function validateCompose(text, file = 'docker-compose.yml') {
  let model;
  try {
    model = composeModel(text);
  } catch (error) {
    return [`${file}: not YAML: ${error.message.split('\n')[0]}`];
  }
  const validate = schemaValidator();
  if (validate(model)) return [];
  return validate.errors.map((error) => {
    const extra = error.params?.additionalProperty ? ` "${error.params.additionalProperty}"` : '';
    return `${file}: ${error.dataPath || '(top)'} ${error.message}${extra}`;
  });
}
