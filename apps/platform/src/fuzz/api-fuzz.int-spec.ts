// The API fuzz test of `npm test`: a few thousand requests generated from the gateway's own OpenAPI
// document, against the embedded platform (every service, real gRPC, over real HTTP), in this
// process so that its event loop is measured. FUZZ_SEED / FUZZ_RUNS replay or lengthen a run;
// `npm run fuzz` runs longer ones.
import { Agent, request } from 'node:http';
import { startTestPlatform, type TestPlatform } from '../test/start-test-platform';
import { createWorkspaceTargets } from './create-workspace-targets';
import { formatFuzzReport } from './format-fuzz-report';
import { readFuzzOptions } from './fuzz-options';
import { runFuzz, type FuzzReport } from './run-fuzz';
import { platformFuzzEnv } from './platform-fuzz-env';

// A fixed seed: `npm test` is reproducible; `npm run fuzz` explores new seeds.
const options = readFuzzOptions([], process.env, { runs: 3_000, seed: 42 });
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
    // 1.5 s: a major GC of the platform's heap on a loaded machine reached 1.2 s once; a parser that is
    // quadratic in a body near the 1 MiB limit blocks for far longer (each parser's own spec checks
    // linear growth directly).
    expect(report.longestBusyStallMs).toBeLessThan(1_500);
    expect(report.eventLoopDelay.max).toBeLessThan(5_000);
  });

  it('answers the next request on a kept-alive connection after refusing an upload it did not read', async () => {
    // Found by seed 92967683: a multipart import without a boundary was refused, the rest of its body
    // stayed unread on the connection, and the next request on it was never answered.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const send = (method: string, path: string, headers: Record<string, string>, body?: string) =>
      new Promise<number>((resolve, reject) => {
        const outgoing = request(
          new URL(path, test.gatewayUrl),
          { method, agent, headers: { authorization: `Bearer ${test.a.key}`, ...headers } },
          (response) => response.resume().on('end', () => resolve(response.statusCode ?? 0)),
        );
        outgoing.setTimeout(30_000, () => outgoing.destroy(new Error(`no answer to ${method} ${path}`)));
        outgoing.on('error', reject);
        outgoing.end(body);
      });
    try {
      for (const contentType of ['multipart/form-data', 'multipart/form-data; boundary=zz', 'text/csv']) {
        expect(
          await send('POST', '/api/leads/import', { 'content-type': contentType }, 'x'.repeat(200_000)),
        ).toBe(400);
        expect(await send('GET', '/api/leads', {})).toBe(200);
      }
    } finally {
      agent.destroy();
    }
  }, 120_000);

  it('is still alive and ready afterwards', async () => {
    expect((await fetch(`${test.gatewayUrl}/health`)).status).toBe(200);
    expect((await fetch(`${test.gatewayUrl}/ready`)).status).toBe(200);
  });
});
