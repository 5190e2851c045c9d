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

/**
 * JSON with object keys sorted at every level and undefined members left out. Iterative (a stack of
 * pieces still to write): a body nested thousands of levels deep is a few KB, and must not overflow
 * the call stack before validation gets to refuse it.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  const pending: Piece[] = [{ value }];
  while (pending.length > 0) {
    const piece = pending.pop() as Piece;
    if ('text' in piece) {
      out.push(piece.text);
      continue;
    }
    const current = piece.value;
    if (Array.isArray(current)) {
      // Pushed last-first, so they are written first-first.
      pending.push({ text: ']' });
      for (let index = current.length - 1; index >= 0; index--) {
        pending.push({ value: current[index] ?? null });
        if (index > 0) pending.push({ text: ',' });
      }
      pending.push({ text: '[' });
    } else if (current !== null && typeof current === 'object') {
      const record = current as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((key) => record[key] !== undefined)
        .sort();
      pending.push({ text: '}' });
      for (let index = keys.length - 1; index >= 0; index--) {
        const key = keys[index] as string;
        pending.push({ value: record[key] });
        pending.push({ text: `${index > 0 ? ',' : ''}${JSON.stringify(key)}:` });
      }
      pending.push({ text: '{' });
    } else {
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}

type Piece = { text: string } | { value: unknown };
