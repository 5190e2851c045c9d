import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface NodeProcess {
  child: ChildProcessWithoutNullStreams;
  /** Everything written so far, as it comes. */
  output: { stdout: string; stderr: string };
  /** Its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
}

/**
 * A TypeScript entry point run as its own node process (through @swc-node/register), as a user
 * runs it: only `PATH` and the given variables in its environment, its output collected.
 */
export function startNodeProcess(
  entry: string,
  args: readonly string[],
  options: { cwd: string; env: Record<string, string> },
): NodeProcess {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', entry, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', ...options.env },
  });
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output, exited };
}
