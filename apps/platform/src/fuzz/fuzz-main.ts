// `npm run fuzz -- --runs 50000 --seed 42 [--concurrency 4] [--log-level error]`: the API fuzz test
// of `npm test`, as long as wanted, against a fresh embedded platform in this process. Prints the
// totals per status and per operation, and every finding with its first request; exits 1 on any.
import { startTestPlatform } from '../test/start-test-platform';
import { createWorkspaceTargets } from './create-workspace-targets';
import { formatFuzzReport } from './format-fuzz-report';
import { readFuzzOptions } from './fuzz-options';
import { platformFuzzEnv } from './platform-fuzz-env';
import { runFuzz } from './run-fuzz';

/** A line on stdout: this is a command-line tool (the lint's no-console is for services). */
const print = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const options = readFuzzOptions(process.argv.slice(2), process.env, { runs: 10_000 });
  print(`API fuzz: ${options.runs} requests, seed ${options.seed}, ${options.concurrency} at a time`);
  const test = await startTestPlatform({ env: platformFuzzEnv, logLevel: options.logLevel });
  try {
    const own = await createWorkspaceTargets(test.gatewayUrl, test.a.key, test.smtpSink.port);
    const other = await createWorkspaceTargets(test.gatewayUrl, test.b.key, test.smtpSink.port);
    const report = await runFuzz({
      baseUrl: test.gatewayUrl,
      targets: { own, other, smtpSinkPort: test.smtpSink.port },
      seed: options.seed,
      runs: options.runs,
      concurrency: options.concurrency,
      onProgress: (done) => print(`  … ${done} requests`),
    });
    const health = await fetch(`${test.gatewayUrl}/health`).then(
      (response) => response.status,
      (error: unknown) => String(error),
    );
    print(formatFuzzReport(report, { perOperation: true }));
    print(`  GET /health afterwards: ${health}`);
    return report.findings.length === 0 && health === 200 ? 0 : 1;
  } finally {
    await test.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
