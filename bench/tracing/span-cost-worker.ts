// One rpc-cpu.ts --spans-only measurement: the gRPC tracing interceptors of one call, client and
// server side, around a call that does nothing, so the CPU per call is tracing's alone (creating,
// propagating, ending and exporting the two spans). Prints CPU µs per call and calls per second.
import type { UnaryRequest, UnaryResponse } from '@connectrpc/connect';
import { startTracing } from '@coldreach/observability';
import { runWorker, writeCpuPerCall } from '../cpu-per-call';

const tracing = startTracing({ serviceName: 'span-cost' });

async function main(): Promise<void> {
  const { rpcTracingClientInterceptor, rpcTracingServerInterceptor } = await import('@coldreach/grpc');
  const answer = {} as UnaryResponse;
  const server = rpcTracingServerInterceptor(async () => answer);
  // The server side sees the headers the client side wrote, as over the wire.
  const call = rpcTracingClientInterceptor(async (request) => server(request));
  const request = () =>
    ({
      service: { typeName: 'coldreach.clients.v1.ClientService' },
      method: { name: 'GetClient' },
      header: new Headers(),
    }) as unknown as UnaryRequest;
  // In slices, each exported before the next: a batch processor drops what overflows its queue, and
  // dropped spans would cost nothing.
  const run = async (count: number) => {
    for (let done = 0; done < count; done += 1000) {
      for (let i = 0; i < 1000; i++) await call(request());
      await tracing.flush();
    }
  };
  await run(20_000);
  const count = Number(process.argv[2] ?? 100_000);
  await writeCpuPerCall(count, () => run(count));
  await tracing.shutdown();
}

runWorker(main);
