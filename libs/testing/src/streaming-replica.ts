import { execFile } from 'node:child_process';
import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const run = promisify(execFile);
const bin = '/usr/lib/postgresql/15/bin';
const dirPrefix = 'coldreach-replica-';
/** Clusters start slowly on a busy box; readiness is polled up to this long. */
const readyTimeoutMs = 120_000;

/** A throwaway PostgreSQL primary and its hot standby, streaming WAL over loopback. */
export interface StreamingReplica {
  primaryPort: number;
  replicaPort: number;
  /** A URL of `database` on the primary (user postgres, trust). */
  primaryUrl(database?: string): string;
  replicaUrl(database?: string): string;
  /** Creates a database on the primary and waits until the replica has it too. */
  createDatabase(name: string): Promise<void>;
  /** Runs one statement on the primary or the replica's `postgres` database. */
  query<T = Record<string, unknown>>(on: 'primary' | 'replica', sql: string): Promise<T[]>;
  /** Holds back (or, with 0, lets go) the replica's replay of commits by `ms`. */
  setReplayDelay(ms: number): Promise<void>;
  /**
   * Stops the replica (`pg_ctl stop -m fast`). Clear a replay delay first: restarted under one, the
   * replica waits on the commits in its own WAL before it streams again.
   */
  stopReplica(): Promise<void>;
  /** Starts the replica again and waits until it streams. */
  startReplica(): Promise<void>;
  /** Stops both clusters and removes their directories; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Starts a fresh primary (initdb, wal_level=replica, its own pg_hba allowing replication from
 * 127.0.0.1) and a replica made with `pg_basebackup -R`, each on a free loopback port, in a temp
 * directory. The machine's cluster at 5432 cannot serve: it has no replication entry in pg_hba.
 * As root the PostgreSQL binaries run as the `postgres` OS user (they refuse to run as root).
 */
export async function startStreamingReplica(): Promise<StreamingReplica> {
  removeLeftovers();
  const dir = mkdtempSync(join(tmpdir(), dirPrefix));
  // The owner's pid lets a later run tell a leftover of a killed run from a pair still in use.
  writeFileSync(join(dir, 'owner.pid'), String(process.pid));
  if (isRoot()) chownSync(dir, ...postgresIds());
  const primary = join(dir, 'primary');
  const replica = join(dir, 'replica');
  const [primaryPort, replicaPort] = [await freePort(), await freePort()];
  const url = (port: number, database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  let closed = false;

  const startReplica = async () => {
    await pg('pg_ctl', ['-D', replica, '-l', join(dir, 'replica.log'), '-W', 'start']);
    await waitReady(replicaPort);
    await waitFor(
      async () =>
        (await queryOnce(url(replicaPort), `SELECT status FROM pg_stat_wal_receiver`))[0]?.status ===
        'streaming',
      { timeoutMs: readyTimeoutMs, intervalMs: 100, what: 'the replica to stream from the primary' },
    );
  };
  const close = async () => {
    if (closed) return;
    closed = true;
    await stopCluster(replica);
    await stopCluster(primary);
    rmSync(dir, { recursive: true, force: true });
  };

  try {
    await pg('initdb', ['-D', primary, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
    await appendFile(join(primary, 'postgresql.auto.conf'), settings(primaryPort, dir));
    await appendFile(join(primary, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
    await pg('pg_ctl', ['-D', primary, '-l', join(dir, 'primary.log'), '-W', 'start']);
    await waitReady(primaryPort);
    await pg(
      'pg_basebackup',
      ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'postgres'].concat([
        '-D',
        replica,
        '-R',
        '-X',
        'stream',
        '-c',
        'fast',
        '--no-sync',
      ]),
    );
    await appendFile(join(replica, 'postgresql.auto.conf'), `port = ${replicaPort}\n`);
    await startReplica();
  } catch (error) {
    await close();
    throw error;
  }

  return {
    primaryPort,
    replicaPort,
    primaryUrl: (database) => url(primaryPort, database),
    replicaUrl: (database) => url(replicaPort, database),
    async createDatabase(name) {
      await queryOnce(url(primaryPort), `CREATE DATABASE "${name}"`);
      await waitFor(
        async () =>
          (await queryOnce(url(replicaPort), `SELECT 1 FROM pg_database WHERE datname = '${name}'`)).length >
          0,
        { timeoutMs: readyTimeoutMs, intervalMs: 50, what: `database ${name} on the replica` },
      );
    },
    query: (on, sql) => queryOnce(url(on === 'primary' ? primaryPort : replicaPort), sql),
    async setReplayDelay(ms) {
      await queryOnce(url(replicaPort), `ALTER SYSTEM SET recovery_min_apply_delay = '${Math.round(ms)}ms'`);
      await queryOnce(url(replicaPort), 'SELECT pg_reload_conf()');
      await waitFor(
        async () => {
          const [row] = await queryOnce<{ delay: string }>(
            url(replicaPort),
            `SELECT setting AS delay FROM pg_settings WHERE name = 'recovery_min_apply_delay'`,
          );
          return row?.delay === String(Math.round(ms));
        },
        { timeoutMs: readyTimeoutMs, what: 'the replica to take the new replay delay' },
      );
    },
    stopReplica: () => stopCluster(replica),
    startReplica,
    close,
  };
}

/** Small, fast and loopback-only: a test cluster needs no durability. */
function settings(port: number, socketDir: string): string {
  return [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${socketDir}'`,
    'wal_level = replica',
    'max_wal_senders = 4',
    'hot_standby = on',
    'fsync = off',
    'synchronous_commit = on',
    'full_page_writes = off',
    'shared_buffers = 16MB',
    'max_connections = 40',
    '',
  ].join('\n');
}

async function waitReady(port: number): Promise<void> {
  await waitFor(
    async () => {
      try {
        await run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-t', '2']);
        return true;
      } catch {
        return false;
      }
    },
    { timeoutMs: readyTimeoutMs, intervalMs: 100, what: `PostgreSQL on port ${port} to accept connections` },
  );
}

async function stopCluster(dataDir: string, mode = 'fast'): Promise<void> {
  if (!existsSync(join(dataDir, 'postmaster.pid'))) return;
  await pg('pg_ctl', ['-D', dataDir, '-m', mode, '-t', '120', 'stop']).catch(() => undefined);
}

async function queryOnce<T = Record<string, unknown>>(url: string, sql: string): Promise<T[]> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return (await client.query(sql)).rows as T[];
  } finally {
    await client.end();
  }
}

/** Runs a PostgreSQL binary, as the postgres OS user when this process is root. */
async function pg(name: string, args: string[]): Promise<void> {
  const [command, commandArgs] = isRoot()
    ? ['runuser', ['-u', 'postgres', '--', join(bin, name), ...args]]
    : [join(bin, name), args];
  try {
    await run(command, commandArgs, { timeout: readyTimeoutMs });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`${name} failed: ${stderr?.trim() || String(error)}`, { cause: error });
  }
}

/** Stops and removes pairs whose owning test process is gone (a run killed before its teardown). */
function removeLeftovers(): void {
  for (const name of readdirSync(tmpdir()).filter((entry) => entry.startsWith(dirPrefix))) {
    const dir = join(tmpdir(), name);
    let owner = Number.NaN;
    try {
      owner = Number(readFileSync(join(dir, 'owner.pid'), 'utf8'));
    } catch {
      // No owner file: a run killed while creating it; removed below like any orphan.
    }
    if (isAlive(owner)) continue;
    for (const cluster of ['replica', 'primary']) stopClusterNow(join(dir, cluster));
    rmSync(dir, { recursive: true, force: true });
  }
}

function stopClusterNow(dataDir: string): void {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  // SIGQUIT is PostgreSQL's immediate shutdown: the leftover's data is thrown away anyway.
  if (isAlive(pid)) process.kill(pid, 'SIGQUIT');
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

function postgresIds(): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('postgres:'));
  if (!line) throw new Error('no postgres OS user to run the test clusters as');
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}
