import { create } from '@bufbuild/protobuf';
import { ClientService, GetClientResponseSchema } from '@coldreach/contracts';
import { DomainError } from '@coldreach/errors';
import { createLogger, renderMetrics } from '@coldreach/observability';
import { metricValue } from '@coldreach/testing';
import { createGrpcClient, startGrpcServer } from './index';
import { grpcCodeName } from './rpc-metrics';

const logger = createLogger({ name: 'rpc-metrics-test', level: 'silent' });

describe('RPC metrics', () => {
  it('count and time served and made RPCs by service, method and final status code', async () => {
    const server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      routes(router) {
        router.service(ClientService, {
          getClient(request) {
            if (request.id === 'missing') throw new DomainError('not_found', 'client missing not found');
            return create(GetClientResponseSchema, { client: { id: request.id } });
          },
        });
      },
    });
    try {
      const client = createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 5000 });
      const before = (await renderMetrics()).body;
      await client.getClient({ id: 'a' });
      await client.getClient({ id: 'b' });
      await expect(client.getClient({ id: 'missing' })).rejects.toThrow();
      const after = (await renderMetrics()).body;

      const labels = (code: string) => ({ service: ClientService.typeName, method: 'GetClient', code });
      const delta = (name: string, code: string) =>
        metricValue(after, name, labels(code)) - metricValue(before, name, labels(code));
      for (const side of ['server', 'client']) {
        expect(delta(`coldreach_rpc_${side}_handled_total`, 'OK')).toBe(2);
        expect(delta(`coldreach_rpc_${side}_handled_total`, 'NOT_FOUND')).toBe(1);
        expect(delta(`coldreach_rpc_${side}_duration_seconds_count`, 'OK')).toBe(2);
      }
    } finally {
      await server.close();
    }
  });

  it.each([
    [undefined, 'OK'],
    [5, 'NOT_FOUND'],
    [4, 'DEADLINE_EXCEEDED'],
    [14, 'UNAVAILABLE'],
  ])('names code %p %s', (code, name) => {
    expect(grpcCodeName(code)).toBe(name);
  });
});
