// The eks overlay's Secrets come from AWS Secrets Manager entries that Terraform writes as JSON: every key
// a pod reads from such a Secret (secretKeyRef, not optional) must be a key Terraform writes, or the pod
// would wait forever for it (CreateContainerConfigError) in the account, long after this check could
// have said so.
import { stripComments } from './terraform.mjs';

/** Kubernetes Secret -> the aws_secretsmanager_secret_version (secrets.tf) whose JSON it copies. */
export const terraformSecretOf = {
  'coldreach-secrets': 'app',
  'coldreach-migrate-secrets': 'postgres_bootstrap',
};

/** The top-level keys of a secret version's `jsonencode({ … })`, by resource name. */
export function terraformSecretKeys(terraformText) {
  const text = stripComments(terraformText);
  const keys = new Map();
  for (const block of text.matchAll(/^resource\s+"aws_secretsmanager_secret_version"\s+"([^"]+)"\s*\{/gm)) {
    const start = text.indexOf('jsonencode({', block.index);
    const end = text.indexOf('\n  })', start);
    if (start < 0 || end < 0) continue;
    keys.set(
      block[1],
      new Set([...text.slice(start, end).matchAll(/^ {4}([A-Za-z_][\w]*)\s*=/gm)].map((match) => match[1])),
    );
  }
  return keys;
}

/** Problems: keys that rendered pods read from a Terraform-fed Secret and that Terraform never writes. */
export function checkSecretKeys(objects, terraformText, overlay) {
  const written = terraformSecretKeys(terraformText);
  const problems = new Set();
  for (const object of objects) {
    const pod = object.spec?.template?.spec;
    for (const container of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      for (const { valueFrom } of container.env ?? []) {
        const reference = valueFrom?.secretKeyRef;
        const source = reference && terraformSecretOf[reference.name];
        if (!source || reference.optional) continue;
        if (!written.get(source)?.has(reference.key))
          problems.add(
            `${overlay}: ${object.kind} ${object.metadata.name} reads ${reference.key} from Secret ${reference.name}, which Terraform's ${source} secret (secrets.tf) does not write`,
          );
      }
    }
  }
  return [...problems];
}
