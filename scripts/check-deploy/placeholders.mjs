// Values of the right shape for settings whose real values live outside the repository (Secrets, `.env`,
// Terraform outputs), so each app's config schema can judge everything else. And the check that no
// example value is left where a Terraform output belongs.
import { Buffer } from 'node:buffer';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const postgres = (database, host = 'db.internal') =>
  `postgres://placeholder:placeholder@${host}:5432/${database}`;
const clientShards = (host) => `${postgres('clients_0', host)},${postgres('clients_1', host)}`;

/** A value shaped like what `name` holds in a real deployment. */
export function placeholderFor(name) {
  if (name === 'CLIENT_SHARD_URLS') return clientShards();
  // One replica per client shard, as Terraform writes it.
  if (name === 'CLIENT_SHARD_REPLICA_URLS') return clientShards('db-replica.internal');
  if (/DATABASE_REPLICA_URLS$/.test(name))
    return postgres(name.split('_')[0].toLowerCase(), 'db-replica.internal');
  if (/DATABASE_URLS$/.test(name)) {
    const service = name.split('_')[0].toLowerCase();
    return `${postgres(`${service}_0`)},${postgres(`${service}_1`)}`;
  }
  if (/DATABASE(_[A-Z]+)?_URL$/.test(name)) return postgres(name.split('_')[0].toLowerCase());
  if (name === 'REDIS_URL') return 'rediss://:placeholder@redis.internal:6379';
  if (name === 'SMTP_URL') return 'smtp://placeholder:placeholder@smtp.internal:587';
  if (name === 'EMAIL_CREDENTIALS_KEY') return Buffer.alloc(32, 7).toString('base64');
  if (name === 'UNSUBSCRIBE_SECRETS') return 'ab'.repeat(32);
  if (name === 'POSTGRES_PASSWORD') return 'placeholder';
  return `placeholder-${name.toLowerCase().replaceAll('_', '-')}`;
}

// Left-over example values: documentation domains, AWS hostnames or account ids typed by hand, and the
// usual "fill me in" markers.
const examplePatterns = [
  [/(^|[^a-z0-9-])example\.(com|org|net)\b/i, 'an example.com hostname'],
  [/\.example\./i, 'an .example. hostname'],
  [/\bCHANGE_?ME\b/i, 'CHANGE_ME'],
  [/xxxx/i, 'xxxx'],
  // A regional AWS endpoint (MSK, RDS, ElastiCache…), not an annotation key like eks.amazonaws.com/role-arn.
  [/\b[a-z]{2}(-gov)?-[a-z]+-\d\.([a-z0-9-]+\.)?amazonaws\.com/i, 'an AWS endpoint hostname'],
  [/\b0{12}\b/, 'an all-zero AWS account id'],
];

/**
 * Problems in the committed files of overlays whose account-specific values come from Terraform:
 * example values must not be there (the rendered, gitignored files are not committed and not read).
 */
export function findExampleValues(files, readText = (file) => readFileSync(file, 'utf8')) {
  const problems = [];
  for (const file of files) {
    readText(file)
      .split('\n')
      .forEach((line, index) => {
        const found = examplePatterns.find(([pattern]) => pattern.test(line)); // one problem per line
        if (found) problems.push(`${file}:${index + 1}: ${found[1]} where a terraform output belongs`);
      });
  }
  return problems;
}

/** The committed files of a directory (git's view: generated, gitignored files are not among them). */
export function committedFiles(directory) {
  return execFileSync('git', ['ls-files', '--', directory], { encoding: 'utf8' }).split('\n').filter(Boolean);
}
