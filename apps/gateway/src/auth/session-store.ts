import { createHash, randomBytes } from 'node:crypto';
import type { Redis } from '@coldreach/rate-limit';

/** What a signed-in browser's session holds; the id itself is only ever in the cookie. */
export interface Session {
  userId: string;
  workspaceId: string;
  csrfToken: string;
  /** Epoch ms: when it began (compared with the user's sessions_valid_after) and when it ends. */
  createdAt: number;
  expiresAt: number;
  /** Epoch ms of the last request that refreshed the idle timeout. */
  lastSeenAt: number;
}

export interface SessionStore {
  readonly idleTimeoutMs: number;
  /** The store's clock (epoch ms). */
  now(): number;
  /** A new session for the user in the workspace; `createdAt` defaults to now. */
  create(userId: string, workspaceId: string, createdAt?: number): Promise<{ id: string; session: Session }>;
  /** The live session with this id, or null (unknown, idle too long, past its absolute expiry). */
  get(id: string): Promise<Session | null>;
  /** Moves the session to another workspace. */
  switchWorkspace(id: string, workspaceId: string): Promise<void>;
  delete(id: string): Promise<void>;
}

/** Where sessions are kept: strings under keys, each forgotten after its ttl. */
export interface SessionBackend {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

export interface SessionTimeouts {
  idleTimeoutMs: number;
  absoluteTimeoutMs: number;
  /** The clock (tests move it to show expiry without sleeping). */
  now?: () => number;
}

/**
 * How often a session's idle timeout is pushed back: every request would cost a Redis write; once
 * a minute makes a session end at most a minute before its idle timeout says.
 */
const touchIntervalMs = 60_000;

/** A session id: 256 random bits, base64url (the cookie's value). */
function newSessionId(): string {
  return randomBytes(32).toString('base64url');
}

/** Sessions are stored under a hash of their id, so a dump of the store holds no usable cookie. */
function storageKey(id: string): string {
  return createHash('sha256').update(id, 'utf8').digest('base64url');
}

/** Sessions with idle and absolute expiry over a backend (Redis connected, memory embedded). */
export function createSessionStore(backend: SessionBackend, timeouts: SessionTimeouts): SessionStore {
  const now = timeouts.now ?? Date.now;
  const { idleTimeoutMs } = timeouts;
  const ttl = (session: Session, at: number) =>
    Math.max(1, Math.min(session.lastSeenAt + idleTimeoutMs, session.expiresAt) - at);
  const save = (id: string, session: Session, at: number) =>
    backend.set(storageKey(id), JSON.stringify(session), ttl(session, at));

  return {
    idleTimeoutMs,
    now,
    async create(userId, workspaceId, createdAt = now()) {
      const id = newSessionId();
      const session: Session = {
        userId,
        workspaceId,
        csrfToken: randomBytes(32).toString('base64url'),
        createdAt,
        expiresAt: createdAt + timeouts.absoluteTimeoutMs,
        lastSeenAt: createdAt,
      };
      await save(id, session, now());
      return { id, session };
    },

    async get(id) {
      if (typeof id !== 'string' || id.length === 0 || id.length > 100) return null;
      const stored = await backend.get(storageKey(id));
      if (stored === null) return null;
      const session = JSON.parse(stored) as Session;
      const at = now();
      if (at >= session.expiresAt || at - session.lastSeenAt >= idleTimeoutMs) {
        await backend.delete(storageKey(id));
        return null;
      }
      if (at - session.lastSeenAt >= touchIntervalMs) {
        session.lastSeenAt = at;
        await save(id, session, at);
      }
      return session;
    },

    async switchWorkspace(id, workspaceId) {
      const session = await this.get(id);
      if (!session) return;
      await save(id, { ...session, workspaceId }, now());
    },

    delete: (id) => backend.delete(storageKey(id)),
  };
}

/** Embedded mode's sessions: in this process, lost on restart (everyone signs in again). */
export function createMemorySessionBackend(now: () => number = Date.now): SessionBackend {
  const entries = new Map<string, { value: string; expiresAt: number }>();
  const sweep = () => {
    const at = now();
    for (const [key, entry] of entries) if (entry.expiresAt <= at) entries.delete(key);
  };
  return {
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt > now()) return entry.value;
      entries.delete(key);
      return null;
    },
    async set(key, value, ttlMs) {
      // Forgotten sessions go when the map grows: memory stays bounded by the live sessions.
      if (entries.size >= 1000 && entries.size % 1000 === 0) sweep();
      entries.set(key, { value, expiresAt: now() + ttlMs });
    },
    async delete(key) {
      entries.delete(key);
    },
  };
}

/** Connected mode's sessions: in Redis, shared by every gateway replica. */
export function createRedisSessionBackend(redis: Redis, prefix = 'coldreach:session'): SessionBackend {
  return {
    get: (key) => redis.get(`${prefix}:${key}`),
    async set(key, value, ttlMs) {
      await redis.set(`${prefix}:${key}`, value, 'PX', Math.ceil(ttlMs));
    },
    async delete(key) {
      await redis.del(`${prefix}:${key}`);
    },
  };
}
