// Test support: the admin CLI as a real process, as `npm run admin -- ...` runs it.
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';

const repositoryRoot = resolve(__dirname, '../../..');
const configVariables = [
  'GATEWAY_DATABASE_URL',
  'CLIENT_SHARD_URLS',
  'COLDREACH_DATA_DIR',
  'EMBEDDED_CLIENT_SHARDS',
  'KAFKA_BROKERS',
];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI with exactly the given config variables (same Node 24 binary as the test). */
export function runAdmin(
  args: string[],
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<CliResult> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  for (const name of configVariables) if (!(name in env)) delete childEnv[name];
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      ['-r', '@swc-node/register', 'apps/admin-cli/src/main.ts', ...args],
      { cwd: repositoryRoot, env: childEnv, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}
