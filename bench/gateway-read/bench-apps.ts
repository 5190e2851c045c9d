// The processes of the gateway-read benchmark: apps started as their own processes (as in
// production), and the load generator in one more.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { waitFor } from '@coldreach/testing';

const root = resolve(__dirname, '../..');

/** What autocannon measured (load.ts). */
export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  total: number;
  non2xx: number;
  errors: number;
}

/**
 * Starts an app as its own process and resolves with it once `isReady` says so; its stdout goes to
 * `onStdout` when given (a benchmark reading the app's log), else to this process's.
 */
export async function startApp(
  children: ChildProcess[],
  script: string,
  env: Record<string, string>,
  isReady: () => Promise<boolean>,
  onStdout?: (chunk: Buffer) => void,
): Promise<ChildProcess> {
  // BENCH_PROFILE=1 writes a CPU profile of every app to .cache/profiles (read it in Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.cache/profiles'] : [];
  // kafkajs' negative timeouts warn on Node 24 (as npm start silences them); the warning says nothing here.
  const flags = [...profile, '--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register'];
  const child = spawn(process.execPath, [...flags, script], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', onStdout ? 'pipe' : 'inherit', 'inherit'],
  });
  children.push(child);
  if (onStdout) child.stdout?.on('data', onStdout);
  await waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
      return isReady();
    },
    { timeoutMs: 60_000, intervalMs: 200, what: script },
  );
  return child;
}

export const httpOk = (url: string) => () =>
  fetch(url).then(
    (response) => response.ok,
    () => false,
  );

/** Runs load.ts against `baseUrl + path` (`{id}` in the path takes the ids in turn). */
export function runLoad(options: {
  baseUrl: string;
  path: string;
  auth: string;
  ids: readonly string[];
  connections: number;
  seconds: number;
}): Promise<LoadResult> {
  const { baseUrl, path, auth, ids, connections, seconds } = options;
  return new Promise((resolveLoad, reject) => {
    const child = spawn(
      process.execPath,
      [
        '-r',
        '@swc-node/register',
        'bench/gateway-read/load.ts',
        baseUrl,
        String(connections),
        String(seconds),
        auth,
        path,
        ids.join(','),
      ],
      { cwd: root },
    );
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) =>
      code === 0 ? resolveLoad(JSON.parse(out.trim()) as LoadResult) : reject(new Error(out)),
    );
  });
}
