import { create } from '@bufbuild/protobuf';
import { Code, type ConnectError } from '@connectrpc/connect';
import { ClientService, GetClientResponseSchema } from '@coldreach/contracts';
import {
  createErrorReporter,
  createLogger,
  startTestTracing,
  type TestTracing,
} from '@coldreach/observability';
import { startSentryStandIn, waitFor, type SentryStandIn } from '@coldreach/testing';
import { createGrpcClient, startGrpcServer } from './index';

let tracing: TestTracing;
let sentry: SentryStandIn;
beforeAll(async () => {
  tracing = startTestTracing('client-service');
  sentry = await startSentryStandIn();
});
afterAll(async () => {
  await sentry.close();
  await tracing.shutdown();
});

describe('a gRPC server', () => {
  it("logs with the request's workspace and trace, and reports an unexpected error with them", async () => {
    const lines: Record<string, unknown>[] = [];
    const errorReporter = createErrorReporter({ sentryDsn: sentry.dsn });
    const logger = createLogger({
      name: 'client-service',
      errorReporter,
      destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
    });
    const server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      routes(router) {
        router.service(ClientService, {
          async getClient(request) {
            await new Promise((resolve) => setImmediate(resolve));
            logger.info({ id: request.id }, 'looking up');
            if (request.id === 'boom') throw new Error('database password is hunter2');
            return create(GetClientResponseSchema, { client: { id: request.id } });
          },
        });
      },
    });
    try {
      const client = createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 20_000 });
      await client.getClient({ workspaceId: 'w-ok', id: 'fine' });
      const failed = (await client
        .getClient({ workspaceId: 'w-boom', id: 'boom' })
        .catch((error: unknown) => error)) as ConnectError;
      expect(failed.code).toBe(Code.Internal);
      await client.getClient({ id: 'nobody' });
      await errorReporter?.flush(10_000);

      const lookups = lines.filter((line) => line.msg === 'looking up');
      expect(lookups.map((line) => [line.id, line.workspace_id])).toEqual([
        ['fine', 'w-ok'],
        ['boom', 'w-boom'],
        ['nobody', undefined],
      ]);
      for (const line of lookups) expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
      const unhandled = lines.find((line) => line.msg === 'unhandled error in RPC handler');
      expect(unhandled).toMatchObject({ service: 'client-service', workspace_id: 'w-boom' });
      expect(unhandled?.trace_id).toBe(lookups[1]?.trace_id);

      const [report, ...others] = await waitFor(() => sentry.envelopes().length > 0 && sentry.envelopes());
      expect(others).toEqual([]);
      expect(report?.event).toMatchObject({
        logger: 'client-service',
        tags: { service: 'client-service', workspace_id: 'w-boom' },
        contexts: { trace: { trace_id: unhandled?.trace_id } },
      });
    } finally {
      await server.close();
    }
  });
});
