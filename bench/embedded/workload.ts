// What a user does to a running platform, through its REST API: a CSV import, then a campaign sent
// through a mailbox whose SMTP server is the benchmark's sink.
import http from 'node:http';
import { text } from 'node:stream/consumers';
import { waitFor } from '@coldreach/testing';
import { readSinkCounts } from '../email-pipeline/sink-control';

export interface Api {
  baseUrl: string;
  key: string;
}

async function call<T>(api: Api, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${api.baseUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${api.key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** `rows` leads as CSV; the first `tagged` carry the campaign's tag too. */
export function leadsCsv(rows: number, tagged: number): Buffer {
  const lines = ['email,first_name,last_name,company,tags'];
  for (let i = 0; i < rows; i++) {
    const tags = i < tagged ? 'bench;campaign' : 'bench';
    lines.push(`lead${i}@company${i % 500}.example,Lead${i},Bench,Company ${i % 500},${tags}`);
  }
  return Buffer.from(`${lines.join('\n')}\n`);
}

/** POST /api/leads/import with the file as a text/csv body (node:http: no client-side timeout). */
function postCsv(api: Api, csv: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolvePost, reject) => {
    const request = http.request(`${api.baseUrl}/api/leads/import`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${api.key}`,
        'content-type': 'text/csv',
        'content-length': csv.length,
      },
    });
    request.on('response', (response) => {
      text(response).then((body) => resolvePost({ status: response.statusCode ?? 0, body }), reject);
    });
    request.on('error', reject).end(csv);
  });
}

/**
 * Imports the file as a user would: sent again after a 503 (a service behind the API too slow),
 * which is safe since duplicates merge. Returns the last report's counts and how many 503s came first.
 */
export async function importCsv(
  api: Api,
  csv: Buffer,
): Promise<{ report: Record<string, unknown>; refused: number }> {
  for (let refused = 0; refused < 5; refused++) {
    const { status, body } = await postCsv(api, csv);
    if (status === 200) return { report: JSON.parse(body) as Record<string, unknown>, refused };
    if (status !== 503) throw new Error(`import answered ${status}: ${body}`);
    console.log(`  import answered 503 (${refused + 1}); sending the file again`);
  }
  throw new Error('import answered 503 five times');
}

/**
 * A mailbox on the sink (caps as high as allowed), a one-step campaign to every lead tagged
 * `campaign`, launched; resolves when the sink has accepted `recipients` messages.
 */
export async function sendCampaign(
  api: Api,
  sink: { smtpPort: number; httpPort: number },
  recipients: number,
) {
  const mailbox = await call<{ id: string }>(api, 'POST', '/api/mailboxes', {
    name: 'Bench sender',
    fromName: 'Bench Sales',
    fromAddress: 'sales@bench.example',
    smtpUrl: `smtp://127.0.0.1:${sink.smtpPort}`,
    dailyCap: 100_000,
    domainHourlyCap: 0,
  });
  const campaign = await call<{ id: string }>(api, 'POST', '/api/campaigns', {
    name: 'Bench campaign',
    mailboxIds: [mailbox.id],
    targetCriteria: { tags: ['campaign'] },
    dailyCap: 0,
  });
  await call(api, 'POST', `/api/campaigns/${campaign.id}/steps`, {
    subject: 'Quick question, {{first_name}}',
    textBody: 'Hi {{first_name}},\n\nI noticed {{company}} is growing fast. Worth a chat?\n\nBest,\nBench',
  });
  const { added } = await call<{ added: number }>(api, 'POST', `/api/campaigns/${campaign.id}/leads`, {
    useTargetCriteria: true,
  });
  if (added !== recipients) throw new Error(`the campaign got ${added} leads, not ${recipients}`);
  await call(api, 'POST', `/api/campaigns/${campaign.id}/launch`);
  let printedAt = Date.now();
  await waitFor(
    async () => {
      const { accepted } = await readSinkCounts(sink.httpPort);
      if (Date.now() - printedAt > 15_000) {
        printedAt = Date.now();
        console.log(`  sent: ${accepted} of ${recipients}`);
      }
      return accepted >= recipients;
    },
    { timeoutMs: 1_800_000, intervalMs: 500, what: `${recipients} emails at the sink` },
  );
}
