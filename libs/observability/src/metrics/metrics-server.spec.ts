import { createWorkerHeartbeats } from '../heartbeats/worker-heartbeats';
import { createLogger } from '../create-logger';
import { startMetricsServer, type MetricsServer } from './metrics-server';

const logger = createLogger({ name: 'metrics-server-test', level: 'silent' });

describe('startMetricsServer', () => {
  const heartbeats = createWorkerHeartbeats();
  let server: MetricsServer;
  beforeAll(async () => {
    server = await startMetricsServer({ host: '127.0.0.1', port: 0, logger, heartbeats });
  });
  afterAll(() => server.close());

  it('serves the process metrics, event-loop lag included, in Prometheus text format', async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds [\d.e-]+/m);
  });

  it('names the worker that stopped ticking on /ready', async () => {
    const ready = await fetch(`${server.url}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', lateWorkers: [] });

    const heartbeat = heartbeats.start('coldreach.test.v1.TestService', 'stuck-loop', { deadlineMs: 50 });
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      const late = await fetch(`${server.url}/ready`);
      expect(late.status).toBe(503);
      expect(await late.json()).toMatchObject({
        status: 'late workers',
        lateWorkers: [{ service: 'coldreach.test.v1.TestService', worker: 'stuck-loop', deadlineMs: 50 }],
      });
      heartbeat.tick();
      expect((await fetch(`${server.url}/ready`)).status).toBe(200);
    } finally {
      heartbeat.stop();
    }
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    expect((await fetch(`${server.url}/`)).status).toBe(404);
    expect((await fetch(`${server.url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});
