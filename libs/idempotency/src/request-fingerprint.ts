import { createHash } from 'node:crypto';

/** What identifies a request for idempotency: the same key must come back with the same request. */
export interface FingerprintedRequest {
  method: string;
  /** The path with its query string, e.g. `/api/campaigns/1/launch`. */
  path: string;
  /** A parsed JSON body, raw bytes or text; undefined when there is none. */
  body: unknown;
}

/**
 * SHA-256 (hex) of the method, the path and the canonical body: JSON objects hash the same whatever
 * the order or spacing of their keys, so a client re-serialising its retry is not told it changed.
 */
export function requestFingerprint(request: FingerprintedRequest): string {
  const hash = createHash('sha256');
  hash.update(`${request.method.toUpperCase()}\n${request.path}\n`);
  const { body } = request;
  if (body === undefined) hash.update('empty');
  else if (body instanceof Uint8Array) hash.update('bytes:').update(body);
  else if (typeof body === 'string') hash.update('text:').update(body);
  else hash.update('json:').update(canonicalJson(body));
  return hash.digest('hex');
}

/** JSON with object keys sorted at every level and undefined members left out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const members = Object.keys(record)
      .filter((key) => record[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson(record[key])}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
