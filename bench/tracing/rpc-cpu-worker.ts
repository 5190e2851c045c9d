// One rpc-cpu.ts measurement: tracing as the environment says, then GetClient calls (8 at a time)
// against a stub Client service in this process; prints CPU µs per call and calls per second.
import { startTracing } from '@coldreach/observability';
import { runWorker, writeCpuPerCall } from '../cpu-per-call';

const tracing = startTracing({ serviceName: 'rpc-cpu' });

async function main(): Promise<void> {
  // Loaded after tracing started, as an app's main.ts does.
  const { create } = await import('@bufbuild/protobuf');
  const { ClientService, GetClientResponseSchema } = await import('@coldreach/contracts');
  const { createGrpcClient, startGrpcServer } = await import('@coldreach/grpc');
  const { createLogger } = await import('@coldreach/observability');
  const response = create(GetClientResponseSchema, { client: { id: 'c', email: 'ann@example.com' } });
  const server = await startGrpcServer({
    host: '127.0.0.1',
    port: 0,
    logger: createLogger({ name: 'rpc-cpu', level: 'silent' }),
    routes: (router) => router.service(ClientService, { getClient: () => response }),
  });
  const client = createGrpcClient(ClientService, { baseUrl: server.url, timeoutMs: 30_000 });
  const run = async (count: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next++ < count) await client.getClient({ workspaceId: 'w', id: 'c' });
      }),
    );
  };
  await run(2000);
  const count = Number(process.argv[2] ?? 20000);
  await writeCpuPerCall(count, async () => {
    await run(count);
    // Exporting what the calls produced is part of their cost.
    await tracing.flush();
  });
  await server.close();
  await tracing.shutdown();
}

runWorker(main);
