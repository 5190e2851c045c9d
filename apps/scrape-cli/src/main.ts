// `npm run scrape -- <url>... [options]`: the process around runScrapeCli (terminal, Ctrl-C, exit code).
import { exitCodes, runScrapeCli } from './run-scrape-cli';

async function main(): Promise<number> {
  const interrupt = new AbortController();
  process.on('SIGINT', () => {
    // The first Ctrl-C cancels the job and waits for the gateway to say so; a second one does not wait.
    if (interrupt.signal.aborted) process.exit(exitCodes.interrupted);
    interrupt.abort();
  });
  try {
    return await runScrapeCli(process.argv.slice(2), {
      env: process.env,
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      isTty: process.stdout.isTTY === true,
      interrupt: interrupt.signal,
    });
  } catch (error) {
    // runScrapeCli reports every error itself; reaching this is a bug, still without a stack or key.
    process.stderr.write(
      `error: unexpected failure (${error instanceof Error ? error.name : typeof error})\n`,
    );
    return exitCodes.failed;
  }
}

void main().then((code) => {
  process.exitCode = code;
});
