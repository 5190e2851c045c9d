import { ClientService } from '@coldreach/contracts';
import { createLogger, workerHeartbeats } from '@coldreach/observability';
import { waitFor } from '@coldreach/testing';
import { checkGrpcHealth, ServingStatus, startGrpcServer } from './index';

const logger = createLogger({ name: 'worker-health-test', level: 'silent' });
const service = ClientService.typeName;

describe('gRPC health with worker heartbeats', () => {
  it('reports NOT_SERVING for the service (and the server) while one of its workers is late', async () => {
    const server = await startGrpcServer({ host: '127.0.0.1', port: 0, logger, routes: () => undefined });
    server.health.set(service, ServingStatus.SERVING);
    const heartbeat = workerHeartbeats.start(service, 'test-loop', { deadlineMs: 300 });
    // A loop that ticks, as a working one does, until it gets stuck.
    const loop = setInterval(() => heartbeat.tick(), 50);
    try {
      expect(await checkGrpcHealth(server.url, service)).toBe(true);
      expect(await checkGrpcHealth(server.url)).toBe(true);

      clearInterval(loop);
      await waitFor(async () => !(await checkGrpcHealth(server.url, service)), { what: 'NOT_SERVING' });
      expect(await checkGrpcHealth(server.url)).toBe(false);
      // Another service's workers are not this one's business.
      expect(workerHeartbeats.late('coldreach.other.v1.OtherService')).toEqual([]);

      heartbeat.tick();
      expect(await checkGrpcHealth(server.url, service)).toBe(true);
      expect(await checkGrpcHealth(server.url)).toBe(true);
    } finally {
      clearInterval(loop);
      heartbeat.stop();
      await server.close();
    }
  });

  it('stays SERVING when a worker stops on purpose', async () => {
    const server = await startGrpcServer({ host: '127.0.0.1', port: 0, logger, routes: () => undefined });
    server.health.set(service, ServingStatus.SERVING);
    const heartbeat = workerHeartbeats.start(service, 'stopping-loop', { deadlineMs: 50 });
    heartbeat.stop();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await checkGrpcHealth(server.url, service)).toBe(true);
    } finally {
      await server.close();
    }
  });
});
