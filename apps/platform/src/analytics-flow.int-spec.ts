// A user's view of analytics in embedded mode: a tracked campaign is sent, opened and clicked, and
// the REST API's campaign stats, overview and time series count each of those once, per workspace.
import { startTestPlatform, type TestPlatform } from './test/start-test-platform';

type Body = Record<string, unknown>;
let test: TestPlatform;

beforeAll(async () => {
  test = await startTestPlatform();
}, 120_000);
afterAll(() => test?.stop(), 60_000);

const call = async (key: string, method: string, path: string, body?: unknown) => {
  const response = await fetch(`${test.gatewayUrl}${path}`, {
    method,
    redirect: 'manual',
    headers: {
      authorization: `Bearer ${key}`,
      'user-agent': person,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const json =
    text && response.headers.get('content-type')?.includes('json') ? (JSON.parse(text) as Body) : {};
  return { status: response.status, body: json, location: response.headers.get('location') };
};

const person =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36';
const offer = 'https://shop.example/offer?ref=cold';

/** Polls until `check` passes (the analytics consumer lags the sending by a moment). */
async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 90_000;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((settle) => setTimeout(settle, 250));
  }
}

describe('analytics through the REST API (embedded mode)', () => {
  it('counts a tracked campaign: sent, people’s opens and clicks apart from automated ones, rates, overview, series', async () => {
    const key = test.a.key;
    const lead = await call(key, 'POST', '/api/leads', { email: 'ada@example.com', firstName: 'Ada' });
    const mailbox = await call(key, 'POST', '/api/mailboxes', {
      name: 'Me',
      fromName: 'Me',
      fromAddress: 'me@example.com',
    });
    const campaign = await call(key, 'POST', '/api/campaigns', {
      name: 'Tracked',
      mailboxIds: [mailbox.body.id],
      trackOpens: true,
      trackClicks: true,
    });
    expect([lead.status, mailbox.status, campaign.status]).toEqual([201, 201, 201]);
    const campaignId = campaign.body.id as string;
    const step = await call(key, 'POST', `/api/campaigns/${campaignId}/steps`, {
      subject: 'Hi {{first_name}}',
      textBody: `See ${offer}`,
      htmlBody: `<html><body><p>See <a href="${offer}">the offer</a></p></body></html>`,
    });
    expect(step.status).toBe(201);
    expect(
      (await call(key, 'POST', `/api/campaigns/${campaignId}/leads`, { clientIds: [lead.body.id] })).status,
    ).toBe(200);
    expect((await call(key, 'POST', `/api/campaigns/${campaignId}/launch`)).status).toBe(200);

    const caught = await eventually(
      () => call(key, 'GET', `/api/caught-messages?campaignId=${campaignId}`),
      (page) => ((page.body.data ?? []) as Body[]).length === 1,
      'the caught email',
    );
    const html = ((caught.body.data as Body[])[0]!.htmlBody as string) ?? '';
    const path = (kind: string) =>
      new RegExp(`https?://[^/"]+(/t/${kind}/[A-Za-z0-9_.-]+)"`).exec(html)?.[1] ?? '';
    expect(path('o')).not.toBe('');
    expect(path('c')).not.toBe('');

    // Within seconds of the send, a scanner's hit: counted apart, not as the person's.
    expect((await call('', 'GET', path('o'))).status).toBe(200);
    const stats = () => call(key, 'GET', `/api/campaigns/${campaignId}/stats`);
    await eventually(
      stats,
      (s) => (s.body.total as Body | undefined)?.openedAutomated === 1,
      'the automated open',
    );
    // The person, after the scanner's window: opens twice and clicks once.
    await new Promise((settle) => setTimeout(settle, 11_000));
    expect((await call('', 'GET', path('o'))).status).toBe(200);
    expect((await call('', 'GET', path('o'))).status).toBe(200);
    const click = await call('', 'GET', path('c'));
    expect({ status: click.status, location: click.location }).toEqual({ status: 302, location: offer });

    const counted = await eventually(
      stats,
      (s) =>
        (s.body.total as Body | undefined)?.clickedTotal === 1 && (s.body.total as Body).openedTotal === 2,
      'the person’s opens and click',
    );
    expect(counted.status).toBe(200);
    expect(counted.body.total).toMatchObject({
      leads: 1,
      scheduled: 1,
      sent: 1,
      failed: 0,
      openedUnique: 1,
      openedTotal: 2,
      openedAutomated: 1,
      clickedUnique: 1,
      clickedTotal: 1,
      rates: { openRate: 1, clickRate: 1, replyRate: 0, bounceRate: 0, unsubscribeRate: 0 },
    });
    expect(counted.body.steps).toEqual([
      expect.objectContaining({
        stepId: step.body.id,
        position: 1,
        funnel: expect.objectContaining({ sent: 1 }),
      }),
    ]);

    const overview = await eventually(
      () => call(key, 'GET', '/api/analytics/overview'),
      (o) => o.body.emailsSent === 1 && o.body.leads === 1,
      'the overview',
    );
    expect(overview.body).toMatchObject({
      campaigns: 1,
      emailsOpened: 1,
      emailsClicked: 1,
      leadsBySource: [{ key: 'api', count: 1 }],
      emailsSentByMailbox: [{ key: mailbox.body.id, count: 1 }],
    });

    const series = await call(
      key,
      'GET',
      '/api/analytics/timeseries?metric=sent&interval=day&timeZone=Asia/Kolkata',
    );
    expect(series.status).toBe(200);
    const points = series.body.points as { start: string; value: number }[];
    expect(points.length).toBeGreaterThanOrEqual(30);
    expect(points.reduce((sum, point) => sum + point.value, 0)).toBe(1);
    // Days in Kolkata start at 18:30 UTC.
    expect(points.every((point) => point.start.endsWith('T18:30:00.000Z'))).toBe(true);

    // Another workspace sees none of it.
    expect((await call(test.b.key, 'GET', `/api/campaigns/${campaignId}/stats`)).status).toBe(404);
    const otherOverview = await call(test.b.key, 'GET', '/api/analytics/overview');
    expect(otherOverview.body).toMatchObject({ leads: 0, emailsSent: 0, campaigns: 0 });
  }, 240_000);

  it('refuses a bad time-series query with a problem naming the parameter', async () => {
    const key = test.a.key;
    const refused = async (query: string, field: string) => {
      const answer = await call(key, 'GET', `/api/analytics/timeseries?${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(JSON.stringify(answer.body)).toContain(field);
    };
    await refused('metric=nope', 'metric');
    await refused('metric=sent&timeZone=Mars/Olympus_Mons', 'timeZone');
    await refused('metric=sent&interval=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z', 'from');
    await refused('metric=sent&from=yesterday', 'from');
  }, 60_000);
});
