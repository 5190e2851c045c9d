import { AnalyticsService } from '@coldreach/contracts';
import { createGrpcClient } from '@coldreach/grpc';
import { waitFor } from '@coldreach/testing';
import { startTestPlatform, type TestPlatform } from './test/start-test-platform';

// Embedded mode counts too: the analytics service reads the in-process bus like it reads Kafka.
describe('analytics in embedded mode', () => {
  let t: TestPlatform;

  beforeAll(async () => {
    t = await startTestPlatform();
  }, 120_000);
  afterAll(() => t.stop());

  it('counts a lead created through the REST API in its workspace only', async () => {
    const created = await fetch(`${t.gatewayUrl}/api/leads`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.a.key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@corp.example', firstName: 'Ada' }),
    });
    expect(created.status).toBe(201);
    const analytics = createGrpcClient(AnalyticsService, { baseUrl: t.platform.analyticsServiceUrl });
    const overview = await waitFor(
      async () => {
        const { overview } = await analytics.getWorkspaceOverview({ workspaceId: t.a.workspaceId });
        return overview && overview.leads > 0n ? overview : undefined;
      },
      { timeoutMs: 60_000, what: 'the lead counted' },
    );
    expect(overview.leads).toBe(1n);
    expect(overview.leadsBySource).toEqual([expect.objectContaining({ key: 'api', count: 1n })]);
    const other = await analytics.getWorkspaceOverview({ workspaceId: t.b.workspaceId });
    expect(other.overview?.leads).toBe(0n);
  });
});
