import v8 from 'node:v8';
import vm from 'node:vm';
import { waitFor } from '@coldreach/testing';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';
import { startImportUpload } from '../test/import-requests';

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

describe('a 20,000-row import over HTTP', () => {
  it('is streamed: rows reach the Client service while the upload is still arriving', async () => {
    const t = await h.tenant();
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    const totalRows = 20_000;
    const row = (i: number) => `stream${i}@example.com,First${i},Last${i},Company ${i % 50},${i % 7}\n`;
    // A full GC before each reading, so the heap counts what is retained, not garbage not yet collected.
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as () => void;
    const retainedHeap = () => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const heapBefore = retainedHeap();

    const upload = startImportUpload(h.app, t.key);
    const importStarted = Date.now();
    await upload.write('email,first_name,last_name,company,score\n');
    for (let i = 0; i < totalRows / 2; i += 100) {
      await upload.write(Array.from({ length: 100 }, (_, j) => row(i + j)).join(''));
    }
    // Half the file is sent and the request is still open: leads must already be stored, and the
    // server must keep answering other requests.
    await waitFor(async () => (await h.countLeads(t.workspaceId)) >= totalRows / 2 - 500, {
      timeoutMs: 30_000,
      what: 'the first half of the rows to be stored while the upload is open',
    });
    expect(await h.countLeads(t.workspaceId)).toBeLessThanOrEqual(totalRows / 2);
    // 9,500+ rows went through; the server holds at most one batch and a chunk of them.
    const heapMidway = retainedHeap();
    const started = Date.now();
    expect((await h.call('GET', '/health', { key: null })).statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);

    for (let i = totalRows / 2; i < totalRows; i += 100) {
      await upload.write(Array.from({ length: 100 }, (_, j) => row(i + j)).join(''));
    }
    const { status, body } = await upload.end();
    expect(status).toBe(200);
    expect(JSON.parse(body)).toEqual({
      submitted: totalRows,
      accepted: totalRows,
      rejected: 0,
      created: totalRows,
      merged: 0,
      errors: [],
      rejectedByReason: {},
      errorsTruncated: false,
    });
    expect(await h.countLeads(t.workspaceId)).toBe(totalRows);
    expect(heapMidway - heapBefore).toBeLessThan(4 * 1024 * 1024);
    // Progress is logged by time (every 5 s), not by row count.
    const progress = h.logs.filter((line) => line.includes('csv import progress'));
    expect(progress.length).toBeLessThanOrEqual(Math.floor((Date.now() - importStarted) / 5000));
  }, 120_000);
});
