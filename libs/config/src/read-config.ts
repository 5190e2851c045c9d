import { z } from 'zod';

/** Thrown when the environment does not satisfy an app's config schema; the message is one line. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Parses `env` with `schema` once, at start-up. A missing or malformed variable throws a ConfigError
 * whose single-line message names the variable and the problem (never its value: it may be a secret).
 */
export function readConfig<T extends z.ZodType>(schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const variable = issue.path.join('.') || '(environment)';
    const missing = typeof issue.path[0] === 'string' && env[issue.path[0]] === undefined;
    return `${variable}: ${missing ? 'is required' : issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** A port number given as a string, e.g. PORT=8080. */
export const portSchema = z.coerce
  .number({ message: 'must be a port number' })
  .int('must be a whole number')
  .min(0, 'must be between 0 and 65535')
  .max(65535, 'must be between 0 and 65535');

/** `a, b,,c` → `['a', 'b', 'c']`. */
const commaSeparated = z.string().transform((value) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean),
);

/** A comma-separated list of URLs with one of the given schemes. */
export function urlListSchema(schemes: string[]) {
  return commaSeparated.pipe(z.array(urlSchema(schemes)).min(1, 'must list at least one URL'));
}

/** A URL with one of the given schemes (e.g. `postgres:`, `redis:`). */
export function urlSchema(schemes: string[]) {
  return z.string().refine(
    (value) => {
      try {
        return schemes.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}` },
  );
}

/** "true"/"false"/"1"/"0" from the environment. */
export const booleanSchema = z
  .enum(['true', 'false', '1', '0'], { message: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1');

export const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/**
 * For an app's `main.ts`: reads its config, or prints the one-line ConfigError to stderr and exits 1
 * (a missing or malformed variable is the operator's to fix; a stack trace would only hide it).
 */
export function readConfigOrExit<T>(
  read: (env: NodeJS.ProcessEnv) => T,
  env: NodeJS.ProcessEnv = process.env,
): T {
  try {
    return read(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}

/** `host:port,host:port`: Kafka bootstrap brokers, e.g. KAFKA_BROKERS=127.0.0.1:9092. */
export const brokerListSchema = commaSeparated.pipe(
  z
    .array(z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be a comma-separated list of host:port'))
    .min(1, 'must list at least one broker (host:port)'),
);

/** A Kafka topic and group prefix: letters, digits, `.`, `_` and `-` (Kafka's own topic alphabet). */
export const kafkaNamespaceSchema = z
  .string()
  .regex(/^[A-Za-z0-9._-]{1,100}$/, 'must be 1 to 100 letters, digits, ".", "_" or "-"');

/** Replicas of each topic a service creates; managed clusters (MSK) need 3 for acks=all writes. */
export const kafkaReplicationFactorSchema = z.coerce
  .number({ message: 'must be a number' })
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(10, 'must be at most 10');
