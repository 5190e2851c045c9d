import { create } from '@bufbuild/protobuf';
import { Code, type ConnectError } from '@connectrpc/connect';
import { ClientService, GetClientResponseSchema } from '@coldreach/contracts';
import { DomainError, invalidArgument } from '@coldreach/errors';
import { createLogger } from '@coldreach/observability';
import {
  checkGrpcHealth,
  connectToDomainError,
  createGrpcClient,
  ServingStatus,
  startGrpcServer,
} from './index';

const logger = createLogger({ name: 'test', level: 'silent' });

describe('startGrpcServer', () => {
  it('serves routes and health, maps domain errors with field violations, and closes cleanly', async () => {
    const server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      routes(router) {
        router.service(ClientService, {
          getClient(request) {
            if (request.id === 'missing') throw new DomainError('not_found', 'client missing not found');
            if (request.id === 'bad') throw invalidArgument([{ field: 'id', message: 'must be a UUID' }]);
            if (request.id === 'boom') throw new Error('database password is hunter2');
            return create(GetClientResponseSchema, { client: { id: request.id, email: 'a@b.co' } });
          },
        });
      },
    });
    try {
      const client = createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 2000 });
      const ok = await client.getClient({ workspaceId: 'w', id: 'x' });
      expect(ok.client?.email).toBe('a@b.co');

      await expect(client.getClient({ id: 'missing' })).rejects.toMatchObject({ code: Code.NotFound });

      const bad = await client.getClient({ id: 'bad' }).catch((error: unknown) => error);
      expect(connectToDomainError(bad)).toMatchObject({
        code: 'invalid_argument',
        violations: [{ field: 'id', message: 'must be a UUID' }],
      });

      const internal = (await client
        .getClient({ id: 'boom' })
        .catch((error: unknown) => error)) as ConnectError;
      expect(internal.code).toBe(Code.Internal);
      expect(internal.message).not.toContain('hunter2');

      expect(await checkGrpcHealth(server.url)).toBe(true);
      server.health.set('coldreach.clients.v1.ClientService', ServingStatus.NOT_SERVING);
      expect(await checkGrpcHealth(server.url, 'coldreach.clients.v1.ClientService')).toBe(false);
    } finally {
      await server.close();
    }
  });
});

describe('connectToDomainError', () => {
  it('reports a peer that cannot be reached as unavailable, not internal', async () => {
    const client = createGrpcClient(ClientService, { baseUrl: 'http://127.0.0.1:1', timeoutMs: 2000 });
    const error = await client.getClient({ id: 'x' }).catch((caught: unknown) => caught);
    expect(connectToDomainError(error).code).toBe('unavailable');
  });
});
