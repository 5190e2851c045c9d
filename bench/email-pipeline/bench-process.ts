// The processes of the benchmark: each app, the sink and the raw load run as their own Node process.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';

const root = resolve(__dirname, '../..');

export interface BenchProcess {
  name: string;
  pid: number;
  /** Resolves with the process's exit code (null when killed by a signal). */
  exited: Promise<number | null>;
  running(): boolean;
  /** Resolves with the first line of output matching `pattern`; rejects if the process exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Its last lines of output, for an error message. */
  tail(lines?: number): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts a TypeScript file of the repository in its own Node process. Its JSON log lines at warn
 * level or above (pino level ≥ 40) and anything that is not JSON are echoed, prefixed by `name`.
 */
export function startBenchProcess(
  name: string,
  script: string,
  options: { env?: Record<string, string>; args?: string[]; quiet?: boolean } = {},
): BenchProcess {
  // BENCH_PROFILE=1 writes a CPU profile of every process to .cache/profiles (Chrome DevTools).
  const profile = process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir=.cache/profiles'] : [];
  // kafkajs 2.2.4 schedules negative timeouts, which Node 24 warns about on every connection
  // (https://github.com/tulios/kafkajs/issues/1751).
  const flags = ['--disable-warning=TimeoutNegativeWarning', ...profile, '-r', '@swc-node/register'];
  const child: ChildProcess = spawn(process.execPath, [...flags, script, ...(options.args ?? [])], {
    cwd: root,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  let done = false;
  const exited = new Promise<number | null>((settle) =>
    child.once('exit', (code) => {
      done = true;
      settle(code);
    }),
  );
  let partial = '';
  const onData = (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (!line) continue;
      lines.push(line);
      if (lines.length > 500) lines.splice(0, lines.length - 500);
      if (!options.quiet && worthEchoing(line)) process.stderr.write(`[${name}] ${line}\n`);
      for (const listener of listeners) listener(line);
    }
  };
  const tail = (count = 30) => lines.slice(-count).join('\n');
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);

  return {
    name,
    pid: child.pid ?? -1,
    exited,
    running: () => !done,
    waitForLine(pattern, timeoutMs = 120_000) {
      const seen = lines.find((line) => pattern.test(line));
      if (seen) return Promise.resolve(seen);
      return new Promise<string>((resolveLine, reject) => {
        const timer = setTimeout(
          () => fail(new Error(`${name} printed no ${pattern} in ${timeoutMs} ms:\n${tail()}`)),
          timeoutMs,
        );
        const listener = (line: string) => {
          if (!pattern.test(line)) return;
          cleanup();
          resolveLine(line);
        };
        const fail = (error: Error) => {
          cleanup();
          reject(error);
        };
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(listener);
        };
        listeners.add(listener);
        void exited.then((code) => fail(new Error(`${name} exited with ${code}:\n${tail()}`)));
      });
    },
    tail,
    async stop(graceMs = 20_000) {
      if (done) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function worthEchoing(line: string): boolean {
  if (!line.startsWith('{')) return true;
  try {
    const level = (JSON.parse(line) as { level?: unknown }).level;
    return typeof level !== 'number' || level >= 40;
  } catch {
    return true;
  }
}
