import { hashApiKey, looksLikeApiKey } from './api-key';
import type { TenancyStore } from './tenancy-store';

export interface ApiKeyCacheOptions {
  /**
   * How long a verified key is trusted without asking the database. It is also the bound on how
   * late a revocation made elsewhere (another gateway replica, the admin CLI) takes effect here;
   * one made through this store takes effect at once. 0 turns the cache off.
   */
  ttlMs: number;
  /** Most keys remembered at once; the least recently used is forgotten first. */
  maxEntries?: number;
  /** The clock, for tests. */
  now?: () => number;
}

/** A store that remembers verified keys, and tells how many it holds (tests, metrics). */
export interface CachingTenancyStore extends TenancyStore {
  readonly cachedKeys: number;
}

type Identity = { workspaceId: string; keyId: string };

const defaultMaxEntries = 10_000;

/**
 * `store` with API-key verification cached: every request otherwise costs a query (and the gateway
 * makes one per API call). Entries are keyed by the key's SHA-256, so no raw key is kept beyond the
 * lookup in flight. Only valid keys are remembered: an unknown or revoked key costs a query every
 * time, as without the cache, so guessing keys cannot fill memory (and the map is capped anyway).
 * Concurrent requests with the same uncached key share one lookup. Revoking through this store
 * forgets the key at once, and a lookup that overlapped a revocation is not remembered (it may
 * have read the row before the revocation).
 */
export function cacheApiKeys(store: TenancyStore, options: ApiKeyCacheOptions): CachingTenancyStore {
  const { ttlMs, maxEntries = defaultMaxEntries, now = Date.now } = options;
  // Insertion order is recency: a hit moves its entry to the end, eviction takes from the front.
  const entries = new Map<string, { identity: Identity; expiresAt: number }>();
  const inFlight = new Map<string, Promise<Identity | null>>();
  let revocations = 0;

  function remember(hash: string, identity: Identity): void {
    entries.set(hash, { identity, expiresAt: now() + ttlMs });
    for (const oldest of entries.keys()) {
      if (entries.size <= maxEntries) break;
      entries.delete(oldest);
    }
  }

  function forget(keyId: string): void {
    for (const [hash, entry] of entries) if (entry.identity.keyId === keyId) entries.delete(hash);
  }

  function lookUp(hash: string, presentedKey: string): Promise<Identity | null> {
    const startedAt = revocations;
    const lookup = store.authenticate(presentedKey).then(
      (identity) => {
        if (inFlight.get(hash) === lookup) inFlight.delete(hash);
        if (identity && startedAt === revocations) remember(hash, identity);
        return identity;
      },
      (error: unknown) => {
        if (inFlight.get(hash) === lookup) inFlight.delete(hash);
        throw error;
      },
    );
    inFlight.set(hash, lookup);
    return lookup;
  }

  if (ttlMs <= 0) return { ...store, cachedKeys: 0 };
  return {
    ...store,
    get cachedKeys() {
      return entries.size;
    },
    async authenticate(presentedKey) {
      if (!looksLikeApiKey(presentedKey)) return null;
      const hash = hashApiKey(presentedKey);
      const entry = entries.get(hash);
      if (entry) {
        entries.delete(hash);
        if (entry.expiresAt > now()) {
          entries.set(hash, entry);
          return entry.identity;
        }
      }
      return inFlight.get(hash) ?? lookUp(hash, presentedKey);
    },
    async revokeApiKey(id) {
      // Counted before and after: lookups running on either side of the UPDATE are not remembered,
      // and ones still in flight are no longer shared with requests that arrive from now on.
      revocations += 1;
      forget(id);
      inFlight.clear();
      try {
        return await store.revokeApiKey(id);
      } finally {
        revocations += 1;
        forget(id);
        inFlight.clear();
      }
    },
  };
}
