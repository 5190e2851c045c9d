import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openDataSource, openPgliteHost } from '@coldreach/db';

/** The fields these tests read from the API's JSON answers. */
interface ApiBody {
  id: string;
  status: string;
  data: ApiBody[];
  subject: string;
  headers: { name: string; value: string }[];
}

const repoRoot = resolve(__dirname, '../../..');

interface Started {
  child: ChildProcessWithoutNullStreams;
  gatewayUrl: string;
  output: () => string;
}

/** Starts `npm start`'s entry point as a real process, the way a user runs it. */
function startEmbedded(dataDir: string): Promise<Started> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/platform/src/main.ts'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      COLDREACH_DATA_DIR: dataDir,
      PORT: '0',
      SERVICES_BASE_PORT: '0',
      LOG_LEVEL: 'warn',
      // Nothing in these tests crawls; were it to, it would not leave the machine.
      SCRAPER_DNS_SERVERS: '127.0.0.1:9',
      SCRAPER_PUBLIC_ADDRESSES: 'deny',
    },
  });
  let output = '';
  return new Promise((resolveStarted, reject) => {
    // A first start runs every migration in PGlite: a minute and more on a busy two-core machine.
    const timer = setTimeout(() => reject(new Error(`platform did not start:\n${output}`)), 150_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /REST API:\s+(http:\/\/\S+)\/api\/leads/.exec(output);
      if (match && output.includes('Press Ctrl-C')) {
        clearTimeout(timer);
        resolveStarted({ child, gatewayUrl: match[1] as string, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`platform exited with ${code}:\n${output}`)));
  });
}

function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  return new Promise((resolveExit) => {
    child.once('exit', (code) => resolveExit(code));
    child.kill('SIGINT');
  });
}

describe('embedded mode (npm start)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'coldreach-embedded-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts, serves the API with the printed key, stops cleanly and keeps its data across restarts', async () => {
    const first = await startEmbedded(dataDir);
    const key = readFileSync(join(dataDir, 'api-key'), 'utf8').trim();
    expect(first.output()).toContain(key);
    const auth = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };

    const created = await fetch(`${first.gatewayUrl}/api/leads`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ email: 'Ada@Example.com', firstName: 'Ada', company: 'Analytical Engines' }),
    });
    expect(created.status).toBe(201);
    const lead = (await created.json()) as { id: string; email: string };
    expect(lead.email).toBe('ada@example.com');
    expect((await fetch(`${first.gatewayUrl}/ready`)).status).toBe(200);
    // The first user, owner of the workspace: its password printed once and kept for the owner only.
    const password = readFileSync(join(dataDir, 'admin-password'), 'utf8').trim();
    expect(statSync(join(dataDir, 'admin-password')).mode & 0o777).toBe(0o600);
    expect(first.output()).toContain(`Sign in to the dashboard as admin@coldreach.local with this password`);
    expect(first.output()).toContain(password);
    const signIn = (pw: string) =>
      fetch(`${first.gatewayUrl}/api/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'admin@coldreach.local', password: pw }),
      });
    const signedIn = await signIn(password);
    expect(signedIn.status).toBe(200);
    expect(((await signedIn.json()) as { workspace: { role: string } }).workspace.role).toBe('owner');
    expect((await signIn(`${password}x`)).status).toBe(401);

    // A second platform on the same data directory must refuse instead of corrupting it.
    await expect(startEmbedded(dataDir)).rejects.toThrow(/already running/);
    expect(await stop(first.child)).toBe(0);
    // Data from before users existed: a workspace, no user. The next start creates one.
    const pglite = await openPgliteHost(join(dataDir, 'pglite'));
    try {
      const gatewayDb = await openDataSource({
        location: { pglite, schema: 'gateway' },
        entities: [],
        migrations: [],
      });
      await gatewayDb.query('DELETE FROM users');
      await gatewayDb.destroy();
    } finally {
      await pglite.close();
    }

    const second = await startEmbedded(dataDir);
    try {
      expect(second.output()).not.toContain(key);
      const newPassword = readFileSync(join(dataDir, 'admin-password'), 'utf8').trim();
      expect(newPassword).not.toBe(password);
      expect(second.output()).toContain(newPassword);
      const fetched = await fetch(`${second.gatewayUrl}/api/leads/${lead.id}`, { headers: auth });
      expect(fetched.status).toBe(200);
      expect(((await fetched.json()) as { firstName: string }).firstName).toBe('Ada');
    } finally {
      expect(await stop(second.child)).toBe(0);
    }
  }, 400_000);

  it('runs a campaign with no SMTP server configured: the emails are caught and listed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'coldreach-embedded-'));
    const platform = await startEmbedded(dataDir);
    const key = readFileSync(join(dataDir, 'api-key'), 'utf8').trim();
    const call = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`${platform.gatewayUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, body: text ? (JSON.parse(text) as ApiBody) : ({} as ApiBody) };
    };
    try {
      const lead = await call('POST', '/api/leads', { email: 'grace@example.com', firstName: 'Grace' });
      expect(lead.status).toBe(201);
      const mailbox = await call('POST', '/api/mailboxes', {
        name: 'Me',
        fromName: 'Me',
        fromAddress: 'me@example.com',
      });
      expect(mailbox.status).toBe(201);
      const campaign = await call('POST', '/api/campaigns', { name: 'Hello', mailboxIds: [mailbox.body.id] });
      expect(campaign.status).toBe(201);
      const campaignId = campaign.body.id as string;
      for (const subject of ['Hi {{first_name}}', 'Following up, {{first_name}}']) {
        expect(
          (
            await call('POST', `/api/campaigns/${campaignId}/steps`, {
              subject,
              textBody: 'Hello {{first_name}}',
            })
          ).status,
        ).toBe(201);
      }
      expect(
        (await call('POST', `/api/campaigns/${campaignId}/leads`, { clientIds: [lead.body.id] })).status,
      ).toBe(200);
      expect((await call('POST', `/api/campaigns/${campaignId}/launch`)).status).toBe(200);

      const caught = await waitForCaught(call, `campaignId=${campaignId}`, 2);
      expect(caught.map((message) => message.subject).sort()).toEqual(['Following up, Grace', 'Hi Grace']);
      const headers = (caught[0]!.headers as { name: string; value: string }[]).map((header) =>
        header.name.toLowerCase(),
      );
      expect(headers).toEqual(
        expect.arrayContaining(['list-unsubscribe', 'list-unsubscribe-post', 'message-id']),
      );

      const sent = await call('POST', '/email/send', {
        clientId: lead.body.id,
        mailboxId: mailbox.body.id,
        subject: 'One more, {{first_name}}',
        textBody: 'Just this once.',
      });
      expect(sent.status).toBe(202);
      const status = await waitForStatus(call, sent.body.id as string, 'sent');
      expect(status).toBe('sent');
    } finally {
      expect(await stop(platform.child)).toBe(0);
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 400_000);
});

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; body: ApiBody }>;

async function waitForCaught(call: Call, filter: string, count: number): Promise<ApiBody[]> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const page = await call('GET', `/api/caught-messages?${filter}`);
    const messages = (page.body.data ?? []) as ApiBody[];
    if (messages.length >= count) return messages;
    if (Date.now() > deadline)
      throw new Error(`only ${messages.length} caught message(s): ${JSON.stringify(page)}`);
    await new Promise((settle) => setTimeout(settle, 250));
  }
}

async function waitForStatus(call: Call, id: string, wanted: string): Promise<string> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const status = (await call('GET', `/api/status/${id}`)).body.status as string;
    if (status === wanted || Date.now() > deadline) return status;
    await new Promise((settle) => setTimeout(settle, 250));
  }
}
