import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';

type Callback = (error: Error | null, result?: unknown) => void;

/** A pg-style result, as TypeORM's postgres driver reads it. */
interface QueryResult {
  rows: unknown[];
  rowCount?: number;
  command?: string;
}

/**
 * One embedded PostgreSQL (PGlite) shared by every service and shard of a process. PGlite has a
 * single connection, so this host hands it out exclusively (one "client" at a time, transactions
 * included) and gives each data source its own schema through `search_path`: a shard in a schema
 * behaves like a shard in its own database.
 */
export interface PgliteHost {
  /** A `driver` for TypeORM's postgres data source whose tables live in `schema`. */
  driverFor(schema: string): { Pool: new () => unknown };
  /** Runs `sql` in `schema` outside any data source (admin tasks, tests). */
  query<T = Record<string, unknown>>(schema: string, sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** PGlite's PostgreSQL buffer cache; see openPgliteHost. */
const sharedBuffers = '32MB';

/** Opens (or creates) PGlite data in `dataDir`; in memory when no directory is given. */
export async function openPgliteHost(dataDir?: string): Promise<PgliteHost> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  // PGlite is ESM-only; a dynamic import keeps this CommonJS package loadable.
  const { PGlite: PGliteClass, types } = await import('@electric-sql/pglite');
  // int8 comes back as a string, as node-postgres returns it, so code behaves the same on both.
  const pglite = await PGliteClass.create(dataDir, {
    parsers: { [types.INT8]: (value: string) => value },
    // PostgreSQL's default 128 MB of shared buffers is the process's memory from the start (a
    // WebAssembly heap is never given back). In a data directory the tables are real files, so what
    // does not fit is read again from the kernel's page cache, which the process's RSS does not count.
    startParams: [...PGliteClass.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`],
  });

  let queue: Promise<void> = Promise.resolve();
  let currentSchema = '';
  const knownSchemas = new Set<string>();

  /** Waits for exclusive use of the connection, switched to `schema`. */
  async function acquire(schema: string): Promise<() => void> {
    let release!: () => void;
    const previous = queue;
    queue = new Promise<void>((resolve) => (release = resolve));
    await previous;
    try {
      if (!knownSchemas.has(schema)) {
        await pglite.exec(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
        knownSchemas.add(schema);
      }
      if (currentSchema !== schema) {
        await pglite.exec(`SET search_path TO ${quoteIdent(schema)}`);
        currentSchema = schema;
      }
    } catch (error) {
      release();
      throw error;
    }
    return release;
  }

  async function run(sql: string, params?: unknown[]): Promise<QueryResult> {
    if (params && params.length > 0) return pglite.query(sql, params) as Promise<QueryResult>;
    // Parameterless SQL may hold several statements (migrations); pg returns the last result.
    const results = (await pglite.exec(sql)) as QueryResult[];
    return results[results.length - 1] ?? { rows: [], rowCount: 0 };
  }

  function makeClient(release: () => void) {
    const client = new EventEmitter() as EventEmitter & {
      query(
        sql: string | { text: string; values?: unknown[] },
        params?: unknown[] | Callback,
        cb?: Callback,
      ): Promise<QueryResult>;
      release(error?: unknown): void;
    };
    let released = false;
    client.query = async (sql, params, cb) => {
      const callback = typeof params === 'function' ? params : cb;
      const values = typeof params === 'function' ? undefined : params;
      const text = typeof sql === 'string' ? sql : sql.text;
      try {
        const result = await run(text, values ?? (typeof sql === 'string' ? undefined : sql.values));
        callback?.(null, result);
        return result;
      } catch (error) {
        callback?.(error as Error);
        throw error;
      }
    };
    client.release = () => {
      if (released) return;
      released = true;
      release();
    };
    return client;
  }

  return {
    driverFor(schema) {
      class PglitePool extends EventEmitter {
        connect(callback?: (error: Error | null, client?: unknown, done?: () => void) => void) {
          const connected = acquire(schema).then((release) => makeClient(release));
          if (!callback) return connected;
          connected.then(
            (client) => callback(null, client, () => client.release()),
            (error: Error) => callback(error),
          );
          return undefined;
        }
        async query(sql: string, params?: unknown[] | Callback, cb?: Callback) {
          const release = await acquire(schema);
          try {
            return await makeClient(() => undefined).query(sql, params, cb);
          } finally {
            release();
          }
        }
        end(callback?: (error?: Error) => void) {
          // The host owns the PGlite instance; closing one data source must not close the others.
          callback?.();
          return Promise.resolve();
        }
      }
      return { Pool: PglitePool };
    },
    async query<T>(schema: string, sql: string, params?: unknown[]) {
      const release = await acquire(schema);
      try {
        return (await run(sql, params)).rows as T[];
      } finally {
        release();
      }
    },
    async close() {
      await queue;
      await pglite.close();
    },
  };
}

export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
