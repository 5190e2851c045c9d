import type { ImportReport } from '../import/csv-import';
import { buildGatewayApp } from '../app';
import { streamImport } from '../test/import-requests';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
  await h.app.listen({ host: '127.0.0.1', port: 0 });
}, 60_000);
afterAll(() => h?.close());

/**
 * Issue 11's file, scaled down: rows without an address (`,`), with now and then a good row (every
 * 1000th) and a bad address (every 1000th, offset by 500).
 */
function* hostileFile(rows: number): Generator<string> {
  yield 'email,a\n';
  const perChunk = 10_000;
  for (let first = 1; first <= rows; first += perChunk) {
    let chunk = '';
    for (let row = first; row < first + perChunk && row <= rows; row++) {
      if (row % 1000 === 0) chunk += `ok${row}@example.com,\n`;
      else if (row % 1000 === 500) chunk += 'not-an-email,\n';
      else chunk += ',\n';
    }
    yield chunk;
  }
}

describe('an import of a hostile file', () => {
  it('answers 400,000 rows with counts by reason and the first 1000 errors, in a bounded answer', async () => {
    const t = await h.tenant();
    const rows = 400_000;
    const { status, body } = await streamImport(h.app, t.key, hostileFile(rows));
    expect(status).toBe(200);
    // Before: one entry per rejected row, about 40 bytes each (16 MB for this file).
    expect(body.length).toBeLessThan(64 * 1024);
    const report = JSON.parse(body) as ImportReport;
    expect({ ...report, errors: undefined }).toEqual({
      submitted: rows,
      accepted: 400,
      rejected: rows - 400,
      created: 400,
      merged: 0,
      rejectedByReason: { 'email: is required': rows - 800, 'email: must be a valid email address': 400 },
      errors: undefined,
      errorsTruncated: true,
    });
    // Rows 1–999 (500 is the bad address), then 1001: row 1000 is a good one.
    expect(report.errors).toHaveLength(1000);
    expect(report.errors[0]).toEqual({ row: 1, reason: 'email: is required' });
    expect(report.errors[499]).toEqual({ row: 500, reason: 'email: must be a valid email address' });
    expect(report.errors[999]).toEqual({ row: 1001, reason: 'email: is required' });
    expect(await h.countLeads(t.workspaceId)).toBe(400);
  }, 300_000);

  it('lists as many errors as the gateway is configured to', async () => {
    const app = await buildGatewayApp({ ...h.deps, importMaxReportedErrors: 5 });
    try {
      await app.listen({ host: '127.0.0.1', port: 0 });
      const t = await h.tenant();
      const { status, body } = await streamImport(app, t.key, hostileFile(3000));
      expect(status).toBe(200);
      const report = JSON.parse(body) as ImportReport;
      expect(report.errors.map((error) => error.row)).toEqual([1, 2, 3, 4, 5]);
      expect(report).toMatchObject({ submitted: 3000, rejected: 2997, errorsTruncated: true });
    } finally {
      await app.close();
    }
  }, 120_000);
});
