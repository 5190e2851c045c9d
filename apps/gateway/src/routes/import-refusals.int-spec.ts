import type { ImportReport } from '../import/csv-import';
import { importRequests } from '../test/import-requests';
import { startGatewayHarness, type GatewayHarness } from '../test/gateway-harness';

const importMaxBytes = 2 * 1024 * 1024;
let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ importMaxBytes });
}, 60_000);
afterAll(() => h?.close());

const field = (name: string) => `content-disposition: form-data; name="${name}"\r\n\r\n`;
const file = (name: string) => `content-disposition: form-data; name="${name}"; filename="l.csv"\r\n\r\n`;

describe('CSV import refusals', () => {
  const send = () => importRequests(h);
  const importCsv = (...args: Parameters<ReturnType<typeof send>['csv']>) => send().csv(...args);
  const importMultipart = (...args: Parameters<ReturnType<typeof send>['multipart']>) =>
    send().multipart(...args);

  it('refuses uploads that are not an importable CSV, changing nothing', async () => {
    const t = await h.tenant();
    const cases: [string, () => ReturnType<typeof importCsv>, number][] = [
      ['no header', () => importCsv(t, 'a@example.com,Ada\nb@example.com,Bob\n'), 400],
      ['empty', () => importCsv(t, ''), 400],
      ['binary', () => importCsv(t, Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3, 10, 0xff, 0xfe])), 400],
      ['two email columns', () => importCsv(t, 'email,E-mail\na@example.com,b@example.com\n'), 400],
      [
        'json',
        () => h.call('POST', '/api/leads/import', { key: t.key, body: { email: 'a@example.com' } }),
        415,
      ],
      ['no body', () => h.call('POST', '/api/leads/import', { key: t.key }), 415],
      ['no file part', () => send().rawMultipart(t, `--x\r\n${field('tags')}vip\r\n--x--\r\n`), 400],
      [
        'another part name',
        () => send().rawMultipart(t, `--x\r\n${file('upload')}email\nz@example.com\r\n--x--\r\n`),
        400,
      ],
      ['no boundary', () => send().rawMultipart(t, '--x\r\n', 'multipart/form-data'), 400],
      ['not multipart inside', () => send().rawMultipart(t, 'email\na@example.com\n'), 400],
      [
        'cut short',
        () => send().rawMultipart(t, `--x\r\n${file('file')}email\na@example.com\nb@example.com`),
        400,
      ],
    ];
    for (const [name, send, status] of cases) {
      const response = await send();
      expect({ name, status: response.statusCode }).toEqual({ name, status });
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    expect(await h.countLeads(t.workspaceId)).toBe(0);
  });

  it('answers 413 to an upload over the cap, as text/csv and as multipart', async () => {
    const t = await h.tenant();
    const big = `email\n${'x'.repeat(importMaxBytes)}@example.com\n`;
    for (const response of [await importCsv(t, big), await importMultipart(t, big)]) {
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ status: 413, type: 'urn:coldreach:problem:body-too-large' });
    }
    expect(await h.countLeads(t.workspaceId)).toBe(0);
  });

  it('reports a quote that is never closed on the row where it starts', async () => {
    const t = await h.tenant();
    const report = (
      await importCsv(t, 'email,name\nq1@example.com,a\nq2@example.com,"b\nq3@example.com,c\n')
    ).json<ImportReport>();
    expect(report).toEqual({
      submitted: 2,
      accepted: 1,
      rejected: 1,
      created: 1,
      merged: 0,
      errors: [
        {
          row: 2,
          reason:
            'malformed CSV: a quoted field is never closed; this row and the rest of the file were not imported',
        },
      ],
      rejectedByReason: { 'malformed CSV: a quoted field is never closed': 1 },
      errorsTruncated: false,
    });
  });
});
