import { redactSecretText } from './redact-secrets';

/**
 * Field names that carry credentials or message content. A field with one of these names (in any
 * letter case) is removed from a log line at any depth, so a careless `log.info({ req })` or
 * `log.debug({ step })` still cannot leak an API key, a password, an SMTP URL or an email's subject
 * and body.
 */
export const redactedFields = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-csrf-token',
  'csrfToken',
  'sessionId',
  'currentPassword',
  'newPassword',
  'apiKey',
  'api_key',
  'key',
  'password',
  'pass',
  'secret',
  'token',
  'accessToken',
  'refreshToken',
  'credentials',
  'smtpUrl',
  'smtp_url',
  'imapUrl',
  'imap_url',
  'body',
  'html',
  'text',
  'subject',
  'textBody',
  'htmlBody',
  'template',
];

const secretNames = new Set(redactedFields.map((name) => name.toLowerCase()));

/** Deeper than this, an object is not written at all: what cannot be checked is not logged. */
const maxDepth = 6;
const tooDeep = '[too deep to log]';

/**
 * A value as a log line may carry it: fields named like credentials or message content removed, and
 * every string stripped of API keys, tokens, URL credentials and credential-like query values. With
 * `plainOnly`, only plain objects and arrays are walked; anything else (an Error, a request) is left
 * whole for its serializer, which runs later.
 */
export function redactFields(value: unknown, plainOnly: boolean, depth = 0): unknown {
  if (typeof value === 'string') return redactSecretText(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return depth >= maxDepth ? tooDeep : value.map((item) => redactFields(item, plainOnly, depth + 1));
  }
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (plainOnly && prototype !== Object.prototype && prototype !== null) return value;
  if (depth >= maxDepth) return tooDeep;
  const kept: Record<string, unknown> = {};
  for (const [name, item] of Object.entries(value as Record<string, unknown>)) {
    if (!secretNames.has(name.toLowerCase())) kept[name] = redactFields(item, plainOnly, depth + 1);
  }
  return kept;
}
