import { create } from '@bufbuild/protobuf';
import { Code } from '@connectrpc/connect';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { ClientService, GetClientResponseSchema } from '@coldreach/contracts';
import { DomainError } from '@coldreach/errors';
import { createLogger, startTestTracing, type TestTracing } from '@coldreach/observability';
import { checkGrpcHealth, createGrpcClient, startGrpcServer, type GrpcServer } from './index';

const logger = createLogger({ name: 'test', level: 'silent' });

describe('gRPC tracing interceptors', () => {
  let tracing: TestTracing;
  let server: GrpcServer;
  const handlerTraceIds: string[] = [];

  beforeAll(async () => {
    tracing = startTestTracing();
    server = await startGrpcServer({
      host: '127.0.0.1',
      port: 0,
      logger,
      routes(router) {
        router.service(ClientService, {
          getClient(request) {
            handlerTraceIds.push(trace.getActiveSpan()?.spanContext().traceId ?? 'none');
            if (request.id === 'missing') throw new DomainError('not_found', 'client missing not found');
            if (request.id === 'boom') throw new Error('the database is on fire');
            return create(GetClientResponseSchema, { client: { id: request.id, email: 'a@b.co' } });
          },
        });
      },
    });
  });

  afterAll(async () => {
    await server.close();
    await tracing.shutdown();
  });

  beforeEach(() => {
    tracing.reset();
    handlerTraceIds.length = 0;
  });

  const rpcSpans = () =>
    tracing.spans().filter((span) => span.name === 'coldreach.clients.v1.ClientService/GetClient');

  it('makes a CLIENT span and a SERVER span in the caller trace, the handler running inside it', async () => {
    const client = createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 5000 });
    await trace.getTracer('test').startActiveSpan('caller-scope', async (scope) => {
      await client.getClient({ workspaceId: 'w', id: 'x' });
      scope.end();
    });
    const scope = tracing.spans().find((span) => span.name === 'caller-scope')!;
    const clientSpan = rpcSpans().find((span) => span.kind === SpanKind.CLIENT)!;
    const serverSpan = rpcSpans().find((span) => span.kind === SpanKind.SERVER)!;
    expect(clientSpan.spanContext().traceId).toBe(scope.spanContext().traceId);
    expect(clientSpan.parentSpanContext?.spanId).toBe(scope.spanContext().spanId);
    expect(serverSpan.spanContext().traceId).toBe(scope.spanContext().traceId);
    expect(serverSpan.parentSpanContext?.spanId).toBe(clientSpan.spanContext().spanId);
    expect(handlerTraceIds).toEqual([scope.spanContext().traceId]);
    for (const span of [clientSpan, serverSpan]) {
      expect(span.attributes).toMatchObject({
        'rpc.system': 'grpc',
        'rpc.service': 'coldreach.clients.v1.ClientService',
        'rpc.method': 'GetClient',
        'rpc.grpc.status_code': 0,
      });
      expect(span.status.code).toBe(SpanStatusCode.UNSET);
    }
  });

  it('starts a trace of its own for a call made outside any span', async () => {
    const client = createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 5000 });
    await client.getClient({ workspaceId: 'w', id: 'y' });
    const [first, second] = rpcSpans();
    expect(first?.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(second?.spanContext().traceId).toBe(first?.spanContext().traceId);
  });

  it('leaves health checks untraced', async () => {
    expect(await checkGrpcHealth(server.url)).toBe(true);
    expect(tracing.spans()).toEqual([]);
  });

  it('records the status code: NOT_FOUND is an error for the caller only, INTERNAL for both sides', async () => {
    const client = createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 5000 });
    await expect(client.getClient({ id: 'missing' })).rejects.toMatchObject({ code: Code.NotFound });
    const notFound = rpcSpans();
    expect(notFound.map((span) => span.attributes['rpc.grpc.status_code'])).toEqual([
      Code.NotFound,
      Code.NotFound,
    ]);
    expect(notFound.find((span) => span.kind === SpanKind.CLIENT)?.status.code).toBe(SpanStatusCode.ERROR);
    expect(notFound.find((span) => span.kind === SpanKind.SERVER)?.status.code).toBe(SpanStatusCode.UNSET);

    tracing.reset();
    await expect(client.getClient({ id: 'boom' })).rejects.toMatchObject({ code: Code.Internal });
    const internal = rpcSpans();
    expect(internal.map((span) => span.status.code)).toEqual([SpanStatusCode.ERROR, SpanStatusCode.ERROR]);
    // The server span says what the caller was told, never the internal error's text.
    for (const span of internal) expect(JSON.stringify(span.status)).not.toContain('on fire');
  });
});
