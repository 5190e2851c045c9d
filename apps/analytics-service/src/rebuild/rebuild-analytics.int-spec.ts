import { randomUUID } from 'node:crypto';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { Interval, Metric } from '@coldreach/contracts';
import { createKafkaEventBus, createKafkaTopicOffsets, type EventBus } from '@coldreach/events';
import { createTeardown, randomName, testKafkaBrokers } from '@coldreach/testing';
import {
  deliveredThreeTimes,
  quietLogger,
  startAnalyticsHarness,
  type AnalyticsHarness,
} from '../../test/analytics-harness';
import { buildScenario } from '../../test/analytics-scenario';
import { rebuildAnalytics } from './rebuild-analytics';

// On the real Kafka: the rebuild replays the topics while the live consumer keeps counting new
// events and redeliveries, and the swapped-in counters equal what live counting gives.
describe('rebuildAnalytics', () => {
  const teardown = createTeardown();
  const namespace = randomName('analytics_rebuild');
  const bus = (clientId: string): EventBus => {
    const created = createKafkaEventBus({
      brokers: testKafkaBrokers(),
      clientId,
      namespace,
      logger: quietLogger,
    });
    teardown.add(() => created.close());
    return created;
  };
  let h: AnalyticsHarness;
  afterAll(() => teardown.close());

  const answers = async (workspaceId: string, campaignId: string) => ({
    overview: (await h.client.getWorkspaceOverview({ workspaceId })).overview,
    stats: await h.client.getCampaignStats({ workspaceId, campaignId }),
    sentByHour: (
      await h.client.getTimeSeries({
        workspaceId,
        metric: Metric.EMAILS_SENT,
        interval: Interval.HOUR,
        timeZone: 'Asia/Kolkata',
        startTime: timestampFromDate(new Date('2026-03-02T00:00:00Z')),
        endTime: timestampFromDate(new Date('2026-03-03T00:00:00Z')),
      })
    ).points,
  });

  it('swaps in counters equal to the live ones while live counting goes on', async () => {
    h = await startAnalyticsHarness({ bus: bus(randomName('live')) });
    teardown.add(() => h.close());
    const first = buildScenario(randomUUID(), new Date('2026-03-02T08:00:00Z'));
    await h.publishAndWait(deliveredThreeTimes(first.events));
    const live = await answers(first.workspaceId, first.campaignId);
    expect(live.overview).toMatchObject(first.expected.overview);

    // Counters that went wrong (say, a bug since fixed): a rebuild must not carry them over.
    await h.dataSource.query(`UPDATE analytics.email_counters SET sent = sent + 1000`);
    await h.dataSource.query(`DELETE FROM analytics.lead_states`);
    expect((await answers(first.workspaceId, first.campaignId)).overview?.emailsSent).toBeGreaterThan(1000n);

    const offsets = createKafkaTopicOffsets({
      brokers: testKafkaBrokers(),
      clientId: randomName('offsets'),
      namespace,
      logger: quietLogger,
    });
    teardown.add(() => offsets.close());
    const lines: string[] = [];
    const rebuilt = rebuildAnalytics({
      dataSource: h.dataSource,
      bus: bus(randomName('rebuild')),
      offsets,
      logger: quietLogger,
      progress: (line) => lines.push(line),
      pollIntervalMs: 100,
    });
    // While it runs: a new workspace's events and more redeliveries of the first one's.
    const second = buildScenario(randomUUID(), new Date('2026-03-02T09:00:00Z'));
    const duringRebuild = deliveredThreeTimes([...second.events, ...first.events.slice(0, 40)]);
    await h.publish(duringRebuild.slice(0, duringRebuild.length / 2));
    const { eventsRead } = await rebuilt;
    await h.publishAndWait(duringRebuild.slice(duringRebuild.length / 2));

    expect(eventsRead).toBeGreaterThanOrEqual(first.events.length * 3);
    expect(lines.at(-1)).toMatch(/^rebuild: done, \d+ events read; the rebuilt counters are live$/);
    expect(await answers(first.workspaceId, first.campaignId)).toEqual(live);
    expect((await answers(second.workspaceId, second.campaignId)).overview).toMatchObject(
      second.expected.overview,
    );
    const schemas = (await h.dataSource.query(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE 'analytics%' ORDER BY 1`,
    )) as { nspname: string }[];
    expect(schemas.map((row) => row.nspname)).toEqual(['analytics']);
  }, 300_000);
});
