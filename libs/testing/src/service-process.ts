// Test support: service processes in connected mode (their real src/main.ts), which a test may
// kill -9, freeze (SIGSTOP) and thaw, and replace, as a supervisor would.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';

const repositoryRoot = resolve(__dirname, '../../..');

export interface ServiceProcess {
  name: string;
  pid: number;
  /** Resolves when the process has exited, however it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Still running (not exited; a frozen process counts as running). */
  running(): boolean;
  signal(signal: NodeJS.Signals): void;
  /** Its last lines of output (JSON logs), for a failing test's message. */
  tail(lines?: number): string;
}

/** Starts `script` (a TypeScript file under the repository) in its own Node process with `env`. */
export function spawnServiceProcess(
  name: string,
  script: string,
  env: Record<string, string>,
): ServiceProcess {
  const child = spawn(
    process.execPath,
    ['--disable-warning=TimeoutNegativeWarning', '-r', '@swc-node/register', resolve(repositoryRoot, script)],
    { cwd: repositoryRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(...chunk.toString().split('\n').filter(Boolean));
    if (output.length > 400) output.splice(0, output.length - 400);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((settle) =>
    child.once('exit', (code, signal) => {
      done = true;
      settle({ code, signal });
    }),
  );
  return {
    name,
    pid: child.pid ?? -1,
    exited,
    running: () => !done,
    signal(signal) {
      if (!done) child.kill(signal);
    },
    tail: (lines = 40) => output.slice(-lines).join('\n'),
  };
}

/** Lines a process wrote that match `pattern`, waited for up to `timeoutMs`. */
export async function waitForOutput(
  process: ServiceProcess,
  pattern: RegExp,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(process.tail(400))) {
    if (!process.running())
      throw new Error(`${process.name} exited before printing ${pattern}:\n${process.tail()}`);
    if (Date.now() > deadline)
      throw new Error(`${process.name} did not print ${pattern}:\n${process.tail()}`);
    await new Promise((settle) => setTimeout(settle, 100));
  }
}
