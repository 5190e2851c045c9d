import { runCli } from './run-cli';

runCli(process.argv.slice(2), {
  env: process.env,
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    // runCli reports every error itself; reaching this is a bug, still without a stack or secret.
    process.stderr.write(
      `error: unexpected failure (${error instanceof Error ? error.name : typeof error})\n`,
    );
    process.exitCode = 1;
  },
);
