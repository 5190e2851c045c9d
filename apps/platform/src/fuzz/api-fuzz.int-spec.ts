// The API fuzz test of `npm test`: a few thousand requests generated from the gateway's own OpenAPI
// document, against the embedded platform (every service, real gRPC, over real HTTP), in this
// process so that its event loop is measured. FUZZ_SEED / FUZZ_RUNS replay or lengthen a run;
// `npm run fuzz` runs longer ones.
import { startTestPlatform, type TestPlatform } from '../test/start-test-platform';
import { createWorkspaceTargets } from './create-workspace-targets';
import { formatFuzzReport } from './format-fuzz-report';
import { readFuzzOptions } from './fuzz-options';
import { runFuzz, type FuzzReport } from './run-fuzz';
import { platformFuzzEnv } from './platform-fuzz-env';

const options = readFuzzOptions([], process.env, { runs: 3_000 });
let test: TestPlatform;
let report: FuzzReport;

beforeAll(async () => {
  test = await startTestPlatform({ env: platformFuzzEnv });
  // One after the other: a failure in one must not leave the other writing while the platform stops.
  const own = await createWorkspaceTargets(test.gatewayUrl, test.a.key, test.smtpSink.port);
  const other = await createWorkspaceTargets(test.gatewayUrl, test.b.key, test.smtpSink.port);
  report = await runFuzz({
    baseUrl: test.gatewayUrl,
    targets: { own, other, smtpSinkPort: test.smtpSink.port },
    seed: options.seed,
    runs: options.runs,
    concurrency: options.concurrency,
  });
  process.stdout.write(`${formatFuzzReport(report, { perOperation: true })}\n`);
}, 600_000);
afterAll(() => test?.stop(), 60_000);

describe(`API fuzz from the OpenAPI document (FUZZ_SEED=${options.seed})`, () => {
  it('answers every generated request, none with a 5xx, an oversized answer or an error that is not problem+json', () => {
    expect(report.requests).toBe(options.runs);
    expect(
      report.findings.map(
        (finding) => `${finding.operation}: ${finding.reasons.join('; ')} — ${finding.example}`,
      ),
    ).toEqual([]);
  });

  it('reaches the services: many requests succeed, and every operation was tried', () => {
    expect(report.byClass['2xx'] ?? 0).toBeGreaterThan(options.runs * 0.1);
    expect(Object.keys(report.byOperation).length).toBeGreaterThan(40);
  });

  it('keeps the event loop responsive (a quadratic parser would block it)', () => {
    // Generous for a busy 2-core machine (PGlite's queries run on this loop too). The longest stall
    // counts only while this process was using the CPU: on a machine shared with other test runs,
    // waiting for a core is not a blocked loop, while a quadratic parser burns CPU the whole time.
    expect(report.eventLoopDelay.p99).toBeLessThan(1_000);
    expect(report.longestBusyStallMs).toBeLessThan(1_000);
    expect(report.eventLoopDelay.max).toBeLessThan(5_000);
  });

  it('is still alive and ready afterwards', async () => {
    expect((await fetch(`${test.gatewayUrl}/health`)).status).toBe(200);
    expect((await fetch(`${test.gatewayUrl}/ready`)).status).toBe(200);
  });
});
