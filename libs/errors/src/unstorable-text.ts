import type { FieldViolation } from './domain-error';

// PostgreSQL refuses U+0000 in text and jsonb, and a lone UTF-16 surrogate has no UTF-8 form at all
// (a JSON "\ud800" decodes to one): either would fail deep in a service as a 500. The regex finds a
// NUL, a high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
// eslint-disable-next-line no-control-regex -- U+0000 is exactly what this looks for
const unstorable = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Why `text` cannot be stored as PostgreSQL text (a NUL or a lone surrogate); undefined when it can. */
export function unstorableTextProblem(text: string): string | undefined {
  const found = unstorable.exec(text);
  if (!found) return undefined;
  return found[0] === '\u0000'
    ? 'must not contain NUL characters (U+0000)'
    : 'must not contain unpaired UTF-16 surrogates (not valid Unicode text)';
}

export interface UnstorableTextOptions {
  /** How object keys become field names (e.g. camelCase to the proto's snake_case); as-is by default. */
  rename?: (key: string) => string;
  /** At most this many violations are listed (default 20): a huge bad body gets a short answer. */
  limit?: number;
}

/**
 * Every string inside `value` (nested objects, arrays and object keys included) that could not be
 * stored, named from `field`: `body.tags[2]`, `campaign.schedule.time_zone`. Iterative, so a deeply
 * nested body cannot overflow the stack; bytes, numbers and other values are skipped.
 */
export function unstorableTextViolations(
  value: unknown,
  field: string,
  options: UnstorableTextOptions = {},
): FieldViolation[] {
  const rename = options.rename ?? ((key: string) => key);
  const limit = options.limit ?? 20;
  const violations: FieldViolation[] = [];
  const pending: [unknown, string][] = [[value, field]];
  while (pending.length > 0 && violations.length < limit) {
    const [current, path] = pending.pop() as [unknown, string];
    if (typeof current === 'string') {
      const problem = unstorableTextProblem(current);
      if (problem) violations.push({ field: path.slice(0, 200), message: problem });
    } else if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        pending.push([current[index], `${path}[${index}]`]);
    } else if (isPlainData(current)) {
      const entries = Object.entries(current);
      for (let index = entries.length - 1; index >= 0; index--) {
        const [key, item] = entries[index] as [string, unknown];
        const keyProblem = unstorableTextProblem(key);
        // A bad key cannot name a field (it would carry the bad character): its parent is named.
        if (keyProblem)
          violations.push({ field: path.slice(0, 200), message: `has a key that ${keyProblem}` });
        else pending.push([item, `${path}.${rename(key)}`]);
      }
    }
  }
  return violations;
}

/**
 * A JSON-like object, a protobuf-es message, or a null-prototype dictionary (routers build params
 * and queries from a `NullObject` whose prototype is itself null-prototyped); not bytes, dates,
 * streams or other class instances.
 */
function isPlainData(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  if (ArrayBuffer.isView(value) || value instanceof Date) return false;
  const prototype = Object.getPrototypeOf(value) as object | null;
  return prototype === Object.prototype || prototype === null || Object.getPrototypeOf(prototype) === null;
}

/** `firstName` → `first_name`: service violations name fields as their protos do. */
export function snakeCaseKey(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}
