import type { Lead } from '../mapping/lead-mapping';
import type { ImportReport } from '../import/csv-import';
import { importRequests } from '../test/import-requests';
import { startGatewayHarness, type GatewayHarness, type Tenant } from '../test/gateway-harness';

const importMaxBytes = 2 * 1024 * 1024;
let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness({ importMaxBytes });
}, 60_000);
afterAll(() => h?.close());

const importCsv = (t: Tenant, csv: string | Buffer, query = '') => importRequests(h).csv(t, csv, query);
const importMultipart = (t: Tenant, csv: string | Buffer, fields: Record<string, string> = {}) =>
  importRequests(h).multipart(t, csv, fields);

async function leadByEmail(t: Tenant, email: string): Promise<Lead | undefined> {
  const page = (await h.call('GET', `/api/leads?q=${encodeURIComponent(email)}`, { key: t.key })).json<{
    data: Lead[];
  }>();
  return page.data.find((lead) => lead.email === email);
}

const mixedFile = [
  'E-mail,First Name,last_name,Organization,Job Title,Tags,Lead Score,LinkedIn URL',
  'good1@example.com,Ada,Lovelace,Engines,Countess,vip;uk,90,https://linkedin.example/ada', // 1 created
  'not-an-email,Bad,Row,X,Y,,1,', //                                                          2 rejected: email
  'good2@example.com,Short,Row', //                                                              3 rejected: columns
  'GOOD1@example.com,,,Engines Ltd,,later,,', //                                                 4 merged (earlier row)
  'existing@example.com,,,Stored Co,,,,', //                                                     5 merged (already stored)
  ',No,Email,X,Y,,,', //                                                                         6 rejected: no email
  'good3@example.com,"Grace ""Amazing""","Hopper, Jr.",Navy,Admiral,,70,', //                   7 created
  '',
  'good4@example.com,Alan,Turing,Bletchley,,,,,extra', //                                      8 rejected: columns
  'good5@example.com,Alan,Turing,Bletchley,,,,', //                                              9 created
].join('\r\n');

describe('CSV import', () => {
  it('accepts or rejects every row with its number and reason, merging duplicates', async () => {
    const t = await h.tenant();
    expect(
      (
        await h.call('POST', '/api/leads', {
          key: t.key,
          body: { email: 'existing@example.com', firstName: 'Old' },
        })
      ).statusCode,
    ).toBe(201);

    const response = await importMultipart(t, mixedFile, { tags: 'import-1, spring' });
    expect(response.statusCode).toBe(200);
    const report = response.json<ImportReport>();
    expect(report).toEqual({
      submitted: 9,
      accepted: 5,
      rejected: 4,
      created: 3,
      merged: 2,
      errors: [
        { row: 2, reason: 'email: must be a valid email address' },
        { row: 3, reason: 'expected 8 columns as in the header, found 3' },
        { row: 6, reason: 'email: is required' },
        { row: 8, reason: 'expected 8 columns as in the header, found 9' },
      ],
      rejectedByReason: {
        'email: must be a valid email address': 1,
        'not as many columns as in the header': 2,
        'email: is required': 1,
      },
      errorsTruncated: false,
    });
    expect(report.accepted + report.rejected).toBe(report.submitted);
    expect(await h.countLeads(t.workspaceId)).toBe(1 + 3);

    expect(await leadByEmail(t, 'good1@example.com')).toMatchObject({
      firstName: 'Ada',
      lastName: 'Lovelace',
      company: 'Engines Ltd',
      title: 'Countess',
      tags: expect.arrayContaining(['vip', 'uk', 'later', 'import-1', 'spring']),
      customFields: { lead_score: '90', linked_in_url: 'https://linkedin.example/ada' },
    });
    expect(await leadByEmail(t, 'existing@example.com')).toMatchObject({
      firstName: 'Old',
      company: 'Stored Co',
    });
    expect(await leadByEmail(t, 'good3@example.com')).toMatchObject({
      firstName: 'Grace "Amazing"',
      lastName: 'Hopper, Jr.',
    });
  });

  it('answers in a fixed key order, as the README shows', async () => {
    const t = await h.tenant();
    const csv = 'email,first_name,company\nbob@example.com,Bob,Acme\nnot-an-email,Eve,Acme\n';
    expect((await importMultipart(t, csv)).body).toBe(
      '{"submitted":2,"accepted":1,"rejected":1,"created":1,"merged":0,' +
        '"rejectedByReason":{"email: must be a valid email address":1},' +
        '"errors":[{"row":2,"reason":"email: must be a valid email address"}],"errorsTruncated":false}',
    );
  });

  it('takes a raw text/csv body as well, and a second import of the same rows only merges', async () => {
    const t = await h.tenant();
    const csv = 'email,company\na@example.com,A\nb@example.com,B\n';
    expect((await importCsv(t, csv, '?tags=raw')).json()).toMatchObject({
      submitted: 2,
      created: 2,
      merged: 0,
    });
    expect((await importCsv(t, csv)).json()).toMatchObject({
      submitted: 2,
      created: 0,
      merged: 2,
      rejected: 0,
    });
    expect(await leadByEmail(t, 'a@example.com')).toMatchObject({ company: 'A', tags: ['raw'] });
  });

  it('numbers rows across batches of 500 and merges duplicates that are batches apart', async () => {
    const t = await h.tenant();
    const rows = Array.from({ length: 1234 }, (_, i) => `p${i}@example.com,${i}`);
    rows[699] = 'p9@example.com,again'; // row 700 repeats row 10, in the second batch
    rows[999] = 'nobody-at-all,x'; //     row 1000
    const report = (await importCsv(t, `email,first_name\n${rows.join('\n')}\n`)).json<ImportReport>();
    expect(report).toEqual({
      submitted: 1234,
      accepted: 1233,
      rejected: 1,
      created: 1232,
      merged: 1,
      errors: [{ row: 1000, reason: 'email: must be a valid email address' }],
      rejectedByReason: { 'email: must be a valid email address': 1 },
      errorsTruncated: false,
    });
    expect(await h.countLeads(t.workspaceId)).toBe(1232);
    expect((await leadByEmail(t, 'p9@example.com'))?.firstName).toBe('again');
  });

  it('reads semicolon- and tab-separated files (with a byte order mark), as Excel writes them', async () => {
    const t = await h.tenant();
    const semicolons =
      '\uFEFFE-mail;Name;Notes\r\nsemi@example.com;Semi;a, b\r\n"odd;one@example.com";Odd;\r\n';
    expect((await importCsv(t, semicolons)).json()).toEqual({
      submitted: 2,
      accepted: 1,
      rejected: 1,
      created: 1,
      merged: 0,
      errors: [{ row: 2, reason: 'email: must be a valid email address' }],
      rejectedByReason: { 'email: must be a valid email address': 1 },
      errorsTruncated: false,
    });
    expect(await leadByEmail(t, 'semi@example.com')).toMatchObject({
      firstName: '',
      customFields: { name: 'Semi', notes: 'a, b' },
    });
    const tabs = 'email\tcompany\ntab@example.com\tTabs, Inc.\n';
    expect((await importCsv(t, tabs)).json()).toMatchObject({ submitted: 1, created: 1 });
    expect(await leadByEmail(t, 'tab@example.com')).toMatchObject({ company: 'Tabs, Inc.' });
  });
});
