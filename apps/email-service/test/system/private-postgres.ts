// Test support: a PostgreSQL server of the test's own (initdb in a temporary directory, a free port)
// that a test may crash and restart without disturbing the shared server other test files use.
import { execFile } from 'node:child_process';
import { chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@coldreach/testing';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** A URL of the `postgres` database; create others with `createDatabase`. */
  adminUrl: string;
  createDatabase(name: string): Promise<string>;
  /** Kills the server as a crash would (immediate shutdown: no checkpoint, connections cut). */
  crash(): Promise<void>;
  start(): Promise<void>;
  dispose(): Promise<void>;
}

function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort();
  const newest = versions[versions.length - 1];
  if (!newest) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return `/usr/lib/postgresql/${newest}/bin`;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'cr-pg-'));
  const dataDir = join(dir, 'data');
  const port = await freePort();
  const bin = binDir();
  // PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const tool = (name: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(bin, name), ...args], { timeout: 120_000 })
      : run(join(bin, name), args, { timeout: 120_000 });
  await tool('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const start = () =>
    tool('pg_ctl', ['-D', dataDir, '-o', options, '-w', '-t', '60', '-l', join(dir, 'log'), 'start']);
  await start();
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  return {
    adminUrl,
    async createDatabase(name) {
      await tool('createdb', ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name]);
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async crash() {
      await tool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
    },
    async start() {
      await start();
    },
    async dispose() {
      await tool('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']).catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
