import { randomUUID } from 'node:crypto';
import { LeadSource, VerificationStatus } from '@coldreach/contracts';
import { renderMetrics } from '@coldreach/observability';
import {
  metricValue,
  randomName,
  startStreamingReplica,
  waitFor,
  type StreamingReplica,
} from '@coldreach/testing';
import { analyticsEvents } from '../test/analytics-events';
import { startAnalyticsHarness, type AnalyticsHarness } from '../test/analytics-harness';

jest.setTimeout(300_000);

const patience = { timeoutMs: 120_000, intervalMs: 50 };

describe('analytics reads through a real streaming replica', () => {
  let pair: StreamingReplica;
  let h: AnalyticsHarness;
  let database: string;
  const workspaceId = randomUUID();

  const addLead = () =>
    h.publishAndWait([
      analyticsEvents.clientCreated(
        workspaceId,
        randomUUID(),
        LeadSource.IMPORT,
        VerificationStatus.VALID,
        new Date(),
      ),
    ]);
  const answeredLeads = async () => (await h.client.getWorkspaceOverview({ workspaceId })).overview?.leads;
  const repliedFromReplica = async () =>
    metricValue((await renderMetrics()).body, 'coldreach_db_replica_reads_total', {
      database,
      target: 'replica',
    });

  beforeAll(async () => {
    pair = await startStreamingReplica();
    database = randomName('analytics');
    await pair.createDatabase(database);
    h = await startAnalyticsHarness({
      databaseUrl: pair.primaryUrl(database),
      // A bound far above the replay delay below: the replica keeps serving, provably behind.
      replica: { url: pair.replicaUrl(database), maxLagMs: 600_000, pollIntervalMs: 100 },
    });
  });
  afterAll(async () => {
    await h?.close();
    await pair?.close();
  });

  it('answers from the replica: a count the primary has but the held-back replica has not is not seen', async () => {
    await addLead();
    await waitFor(async () => (await answeredLeads()) === 1n, {
      ...patience,
      what: 'the replica to have the lead',
    });

    await pair.setReplayDelay(600_000);
    await addLead();
    const [counted] = (await h.dataSource.query(
      `SELECT count(*)::int AS n FROM analytics.lead_states WHERE workspace_id = $1`,
      [workspaceId],
    )) as { n: number }[];
    expect(counted?.n).toBe(2);
    const before = await repliedFromReplica();
    expect(await answeredLeads()).toBe(1n);
    expect(await repliedFromReplica()).toBeGreaterThan(before);
  });

  it('answers from the primary without errors while the replica is stopped, and from the replica once back', async () => {
    // Cleared first: a replica restarted under a replay delay waits on its own WAL before streaming.
    await pair.setReplayDelay(0);
    await pair.stopReplica();
    expect(await answeredLeads()).toBe(2n);
    await waitFor(() => h.replicas?.stateOf(0) === 'down', {
      ...patience,
      what: 'the replica to be seen down',
    });
    expect(await answeredLeads()).toBe(2n);

    await pair.startReplica();
    await waitFor(() => h.replicas?.stateOf(0) === 'replica', {
      ...patience,
      what: 'the replica in use again',
    });
    const before = await repliedFromReplica();
    await waitFor(async () => (await answeredLeads()) === 2n, {
      ...patience,
      what: 'the replica to catch up',
    });
    expect(await repliedFromReplica()).toBeGreaterThan(before);
  });
});
