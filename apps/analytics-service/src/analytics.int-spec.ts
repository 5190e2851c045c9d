import { randomUUID } from 'node:crypto';
import { Code } from '@connectrpc/connect';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import { LeadSource, VerificationStatus, type Funnel } from '@coldreach/contracts';
import { expectGrpcRejection } from '@coldreach/testing';
import { startAnalyticsHarness, deliveredThreeTimes, type AnalyticsHarness } from '../test/analytics-harness';
import { analyticsEvents } from '../test/analytics-events';
import { buildScenario } from '../test/analytics-scenario';

const counters = [
  'leads',
  'scheduled',
  'sent',
  'failed',
  'unknown',
  'suppressed',
  'unsubscribed',
  'bounced',
  'replied',
  'openedUnique',
  'openedTotal',
  'clickedUnique',
  'clickedTotal',
  'openedAutomated',
  'clickedAutomated',
] as const;

/** A funnel's counts, every one, so an unexpected count shows too. */
const countsOf = (funnel: Funnel | undefined) =>
  Object.fromEntries(counters.map((name) => [name, funnel?.[name]]));
const expectCounts = (
  funnel: Funnel | undefined,
  expected: Partial<Record<(typeof counters)[number], bigint>>,
) =>
  expect(countsOf(funnel)).toEqual(Object.fromEntries(counters.map((name) => [name, expected[name] ?? 0n])));

describe('analytics counters', () => {
  let h: AnalyticsHarness;
  const workspaceId = randomUUID();
  const scenario = buildScenario(workspaceId, new Date('2026-03-02T08:00:00Z'));

  beforeAll(async () => {
    h = await startAnalyticsHarness();
    await h.publishAndWait(deliveredThreeTimes(scenario.events));
  });
  afterAll(() => h.close());

  it('counts every event once though each was delivered three times, out of order across topics', async () => {
    const { overview, asOfTime } = await h.client.getWorkspaceOverview({ workspaceId });
    expect(overview).toMatchObject(scenario.expected.overview);
    expect(asOfTime && timestampDate(asOfTime)).toEqual(scenario.lastEventAt);
  });

  it("answers a campaign's funnel in total and per step, with rates", async () => {
    const stats = await h.client.getCampaignStats({ workspaceId, campaignId: scenario.campaignId });
    expectCounts(stats.total, scenario.expected.total);
    expect(stats.total?.rates).toEqual(
      expect.objectContaining({
        openRate: 2 / 11,
        clickRate: 1 / 11,
        replyRate: 2 / 11,
        bounceRate: 1 / 11,
        unsubscribeRate: 1 / 11,
      }),
    );
    expect(stats.steps.map((step) => [step.stepId, step.position])).toEqual([
      [scenario.steps[0], 1],
      [scenario.steps[1], 2],
    ]);
    expectCounts(stats.steps[0]?.funnel, scenario.expected.step1);
    expectCounts(stats.steps[1]?.funnel, scenario.expected.step2);
  });

  it('keeps workspaces apart: another workspace cannot see the campaign and has nothing', async () => {
    const other = randomUUID();
    const rejected = await expectGrpcRejection(
      h.client.getCampaignStats({ workspaceId: other, campaignId: scenario.campaignId }),
      Code.NotFound,
    );
    expect(rejected.message).toContain(scenario.campaignId);
    const { overview, asOfTime } = await h.client.getWorkspaceOverview({ workspaceId: other });
    expect(overview).toMatchObject({ leads: 0n, emailsSent: 0n, campaigns: 0n, leadsBySource: [] });
    expect(asOfTime).toBeUndefined();
  });

  it('answers NOT_FOUND for a campaign it never saw an event of', async () => {
    await expectGrpcRejection(
      h.client.getCampaignStats({ workspaceId, campaignId: randomUUID() }),
      Code.NotFound,
    );
  });

  it('refuses ids that are not UUIDs, naming the field', async () => {
    const rejected = await expectGrpcRejection(
      h.client.getCampaignStats({ workspaceId: 'acme', campaignId: 'nope' }),
      Code.InvalidArgument,
    );
    expect(rejected.violations.map((v) => v.field).sort()).toEqual(['campaign_id', 'workspace_id']);
  });

  it('serves the sent emails as a daily series with a zero for each empty day', async () => {
    const { points } = await h.client.getTimeSeries({
      workspaceId,
      metric: 2, // METRIC_EMAILS_SENT
      interval: 2, // INTERVAL_DAY
      startTime: timestampFromDate(new Date('2026-03-01T00:00:00Z')),
      endTime: timestampFromDate(new Date('2026-03-05T00:00:00Z')),
    });
    expect(points.map((point) => [timestampDate(point.startTime!).toISOString(), point.value])).toEqual([
      ['2026-03-01T00:00:00.000Z', 0n],
      ['2026-03-02T00:00:00.000Z', 11n],
      ['2026-03-03T00:00:00.000Z', 0n],
      ['2026-03-04T00:00:00.000Z', 0n],
    ]);
  });

  it('dead-letters an event it cannot scope and goes on with the rest of its partition', async () => {
    const other = randomUUID();
    const clientId = randomUUID();
    const at = new Date('2026-03-02T08:00:00Z');
    const poison = analyticsEvents.clientCreated(
      'acme',
      clientId,
      LeadSource.API,
      VerificationStatus.VALID,
      at,
    );
    const good = analyticsEvents.clientCreated(
      other,
      clientId,
      LeadSource.IMPORT,
      VerificationStatus.VALID,
      at,
    );
    await h.publishAndWait([poison, good]);
    const { overview } = await h.client.getWorkspaceOverview({ workspaceId: other });
    expect(overview?.leadsBySource).toEqual([expect.objectContaining({ key: 'import', count: 1n })]);
    const deadLetters = (await h.dataSource.query(
      `SELECT consumer_group, reason FROM dead_letters WHERE key = $1`,
      [clientId],
    )) as { consumer_group: string; reason: string }[];
    expect(deadLetters).toEqual([
      { consumer_group: 'analytics-service', reason: expect.stringContaining('workspace_id must be a UUID') },
    ]);
  });
});
