// `npm start`'s entry point (apps/platform/src/main.ts) as its own process, with the flags `npm start`
// gives it plus --trace-gc, whose lines give the main thread's every garbage collection's pause and
// the heap after it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { memoryMiB } from '../process-memory';

const root = resolve(__dirname, '../..');

export interface GcStats {
  /** The longest pause, ms, and what kind of collection it was. */
  maxPauseMs: number;
  maxPauseKind: string;
  /** Pauses of 100 ms or more. */
  longPauses: number;
  /** The heap after the latest full collection (Mark-Compact) so far, MB as V8 prints it. */
  heapAfterFullGcMb: number;
}

export interface PlatformProcess {
  pid: number;
  baseUrl: string;
  /** Resolves when GET /ready answers 200; the ms from spawn to then. */
  ready(timeoutMs: number): Promise<number>;
  /** Resolves when the banner is printed (the Ctrl-C handler is installed after /ready answers). */
  banner(): Promise<void>;
  /** CPU seconds the process has used (user + system, /proc/<pid>/stat): less noisy than wall time on a busy machine. */
  cpuSeconds(): number;
  /** VmRSS (now) or VmHWM (the peak so far) from /proc/<pid>/status, MiB. */
  memoryMiB(field: 'VmRSS' | 'VmHWM'): number;
  /** The pauses since the last `resetGc()`. */
  gc(): GcStats;
  resetGc(): void;
  tail(lines?: number): string;
  /** SIGINT (the user's Ctrl-C); resolves with the exit code. */
  stop(): Promise<number | null>;
}

// `[pid:0x…]   12345 ms: Mark-Compact 301.2 (320.5) -> 250.1 (300.0) MB, pooled: 0 MB, 850.23 / 0.00 ms …`
// The address is the isolate's: worker threads (the scraper's extraction, the SMTP thread) print too.
const gcLine =
  /^\[\d+:(0x[0-9a-f]+)\][^:]*ms: (Scavenge|Mark-Compact|Minor Mark-Sweep)[^,]*-> ([\d.]+) \([\d.]+\) MB, (?:pooled: [\d.]+ MB, )?([\d.]+) \/ [\d.]+ ms/;

/**
 * Starts the platform with `env` (on top of this process's). `BENCH_NODE_ARGS` adds Node flags, e.g.
 * `--heapsnapshot-signal=SIGUSR2` or `--cpu-prof --cpu-prof-dir=.cache/profiles`.
 */
export function startPlatformProcess(port: number, env: Record<string, string>): PlatformProcess {
  const extra = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const startedAt = Date.now();
  const child = spawn(
    process.execPath,
    [
      '--enable-source-maps',
      '--disable-warning=TimeoutNegativeWarning',
      '--trace-gc',
      ...extra,
      '-r',
      '@swc-node/register',
      'apps/platform/src/main.ts',
    ],
    { cwd: root, env: { ...process.env, ...env, PORT: String(port) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const lines: string[] = [];
  let gc: GcStats = emptyGc();
  let mainIsolate: string | undefined;
  let bannerSeen!: () => void;
  const bannerPrinted = new Promise<void>((settle) => (bannerSeen = settle));
  let partial = '';
  const onData = (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n');
    partial = parts.pop() ?? '';
    for (const line of parts) {
      const match = gcLine.exec(line);
      if (!match) {
        if (/Press Ctrl-C/.test(line)) bannerSeen();
        if (line) lines.push(line);
        if (lines.length > 300) lines.splice(0, lines.length - 300);
        continue;
      }
      const [, isolate = '', kind = '', after = '0', pause = '0'] = match;
      // The main thread's isolate prints first; a worker's pause does not stop the services.
      mainIsolate ??= isolate;
      if (isolate !== mainIsolate) continue;
      const ms = Number(pause);
      if (ms > gc.maxPauseMs) gc = { ...gc, maxPauseMs: ms, maxPauseKind: kind };
      if (ms >= 100) gc.longPauses++;
      if (kind === 'Mark-Compact') gc.heapAfterFullGcMb = Number(after);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let exitCode: number | null | undefined;
  const exited = new Promise<number | null>((settle) =>
    child.once('exit', (code, signal) => {
      exitCode = code;
      if (signal) lines.push(`(ended by ${signal})`);
      settle(code);
    }),
  );
  const baseUrl = `http://127.0.0.1:${port}`;
  const tail = (count = 40) => lines.slice(-count).join('\n');

  return {
    pid: child.pid ?? -1,
    baseUrl,
    async ready(timeoutMs) {
      const deadline = startedAt + timeoutMs;
      for (;;) {
        if (exitCode !== undefined) throw new Error(`the platform exited with ${exitCode}:\n${tail()}`);
        const ok = await fetch(`${baseUrl}/ready`).then(
          (response) => response.status === 200,
          () => false,
        );
        if (ok) return Date.now() - startedAt;
        if (Date.now() > deadline)
          throw new Error(`the platform was not ready in ${timeoutMs} ms:\n${tail()}`);
        await new Promise((settle) => setTimeout(settle, 25));
      }
    },
    async banner() {
      await Promise.race([
        bannerPrinted,
        exited.then((code) => Promise.reject(new Error(`the platform exited with ${code}:\n${tail()}`))),
      ]);
    },
    cpuSeconds() {
      // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th, in ticks.
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return (Number(fields[11]) + Number(fields[12])) / 100;
    },
    memoryMiB: (field) => memoryMiB(child.pid ?? -1, field),
    gc: () => ({ ...gc }),
    resetGc() {
      gc = { ...emptyGc(), heapAfterFullGcMb: gc.heapAfterFullGcMb };
    },
    tail,
    async stop() {
      if (exitCode === undefined) child.kill('SIGINT');
      return exited;
    },
  };
}

function emptyGc(): GcStats {
  return { maxPauseMs: 0, maxPauseKind: '', longPauses: 0, heapAfterFullGcMb: 0 };
}
