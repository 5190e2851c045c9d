import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { queryRows } from '@coldreach/db';
import { isValidIdempotencyKey } from './idempotency-key';

/** The response of a finished request, as it is replayed. */
export interface StoredResponse {
  statusCode: number;
  /** Only the headers that define the response (e.g. content-type, location), lower-case names. */
  headers: Record<string, string>;
  body: Buffer;
}

/** The right to run the request of a key, held from `begin` until `complete` or `release`. */
export interface IdempotencyClaim {
  workspaceId: string;
  key: string;
  lockToken: string;
}

export type IdempotencyBegin =
  /** First time (or the previous use expired): run the request, then `complete` or `release`. */
  | { outcome: 'started'; claim: IdempotencyClaim }
  /** The same request finished before: answer this. */
  | { outcome: 'replay'; response: StoredResponse }
  /** The same request is still running elsewhere. */
  | { outcome: 'in_progress' }
  /** The key was used for a different request (method, path or body). */
  | { outcome: 'mismatch' };

export interface IdempotencyStore {
  /** Claims `key` for a request with this fingerprint, or says what happened to it before. */
  begin(workspaceId: string, key: string, fingerprint: string): Promise<IdempotencyBegin>;
  /** Stores the response to replay; false when the claim was lost (its lease ran out and was taken). */
  complete(claim: IdempotencyClaim, response: StoredResponse): Promise<boolean>;
  /** Forgets a claimed key without a response (a 5xx or a crash), so a retry runs again. */
  release(claim: IdempotencyClaim): Promise<void>;
  /** Deletes up to `limit` expired keys; returns how many. */
  purgeExpired(limit?: number): Promise<number>;
}

export interface IdempotencyStoreOptions {
  /** How long a key is remembered after its first use (default 24 h). */
  ttlMs?: number;
  /**
   * How long an unfinished request holds its key before another may take it over (default 5 min).
   * Far longer than any request the gateway serves runs (every RPC has a deadline), so only a
   * request whose process died loses its key this way.
   */
  inProgressLeaseMs?: number;
}

interface KeyRow {
  fingerprint: string;
  state: 'in_progress' | 'completed';
  status_code: number | null;
  response_headers: Record<string, string> | string | null;
  response_body: Uint8Array | null;
  usable: boolean;
}

const day = 24 * 60 * 60 * 1000;
// A row can vanish between the conflicting insert and the read (released by its holder): try again.
const maxBeginAttempts = 5;

/** Idempotency keys in PostgreSQL or PGlite (see `idempotencyEntities`), scoped per workspace. */
export function createIdempotencyStore(
  dataSource: DataSource,
  options: IdempotencyStoreOptions = {},
): IdempotencyStore {
  const ttlSeconds = (options.ttlMs ?? day) / 1000;
  const leaseSeconds = (options.inProgressLeaseMs ?? 5 * 60_000) / 1000;
  const query = <T>(sql: string, params: unknown[]) => queryRows<T>(dataSource.manager, sql, params);

  async function tryClaim(workspaceId: string, key: string, fingerprint: string) {
    const lockToken = randomUUID();
    // The unique key decides between concurrent first requests: exactly one insert wins; the
    // others see its row. An expired or abandoned row is overwritten in the same statement.
    const rows = await query<{ lock_token: string }>(
      `INSERT INTO idempotency_keys AS k
         (workspace_id, idempotency_key, fingerprint, state, lock_token, locked_until, created_at)
       VALUES ($1, $2, $3, 'in_progress', $4, now() + make_interval(secs => $5), now())
       ON CONFLICT (workspace_id, idempotency_key) DO UPDATE SET
         fingerprint = EXCLUDED.fingerprint, state = 'in_progress', lock_token = EXCLUDED.lock_token,
         locked_until = EXCLUDED.locked_until, created_at = EXCLUDED.created_at, status_code = NULL,
         response_headers = NULL, response_body = NULL, completed_at = NULL
       WHERE k.created_at <= now() - make_interval(secs => $6)
          OR (k.state = 'in_progress' AND k.locked_until <= now())
       RETURNING k.lock_token`,
      [workspaceId, key, fingerprint, lockToken, leaseSeconds, ttlSeconds],
    );
    return rows.length > 0 ? lockToken : null;
  }

  return {
    async begin(workspaceId, key, fingerprint) {
      if (!isValidIdempotencyKey(key))
        throw new Error('an idempotency key is 1 to 255 visible ASCII characters');
      for (let attempt = 0; attempt < maxBeginAttempts; attempt += 1) {
        const lockToken = await tryClaim(workspaceId, key, fingerprint);
        if (lockToken) return { outcome: 'started', claim: { workspaceId, key, lockToken } };
        const [row] = await query<KeyRow>(
          `SELECT fingerprint, state, status_code, response_headers, response_body,
                  created_at > now() - make_interval(secs => $3)
                    AND (state = 'completed' OR locked_until > now()) AS usable
             FROM idempotency_keys WHERE workspace_id = $1 AND idempotency_key = $2`,
          [workspaceId, key, ttlSeconds],
        );
        if (!row || !row.usable) continue;
        if (row.fingerprint !== fingerprint) return { outcome: 'mismatch' };
        if (row.state === 'in_progress') return { outcome: 'in_progress' };
        return { outcome: 'replay', response: storedResponseOf(row) };
      }
      throw new Error(`idempotency key could not be claimed after ${maxBeginAttempts} attempts`);
    },

    async complete(claim, response) {
      const rows = await query(
        `UPDATE idempotency_keys
            SET state = 'completed', status_code = $4, response_headers = $5::jsonb, response_body = $6,
                completed_at = now(), lock_token = NULL, locked_until = NULL
          WHERE workspace_id = $1 AND idempotency_key = $2 AND lock_token = $3 AND state = 'in_progress'
          RETURNING 1`,
        [
          claim.workspaceId,
          claim.key,
          claim.lockToken,
          response.statusCode,
          JSON.stringify(response.headers),
          response.body,
        ],
      );
      return rows.length > 0;
    },

    async release(claim) {
      await query(
        `DELETE FROM idempotency_keys
          WHERE workspace_id = $1 AND idempotency_key = $2 AND lock_token = $3 AND state = 'in_progress'`,
        [claim.workspaceId, claim.key, claim.lockToken],
      );
    },

    async purgeExpired(limit = 1000) {
      const rows = await query(
        `DELETE FROM idempotency_keys WHERE (workspace_id, idempotency_key) IN (
           SELECT workspace_id, idempotency_key FROM idempotency_keys
            WHERE created_at <= now() - make_interval(secs => $1) LIMIT $2)
         RETURNING 1`,
        [ttlSeconds, limit],
      );
      return rows.length;
    },
  };
}

function storedResponseOf(row: KeyRow): StoredResponse {
  const headers =
    typeof row.response_headers === 'string'
      ? (JSON.parse(row.response_headers) as Record<string, string>)
      : (row.response_headers ?? {});
  return {
    statusCode: row.status_code ?? 500,
    headers,
    body: Buffer.from(row.response_body ?? new Uint8Array()),
  };
}
