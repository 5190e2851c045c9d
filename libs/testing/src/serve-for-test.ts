import type { DescService } from '@bufbuild/protobuf';
import type { Client } from '@connectrpc/connect';
import { createGrpcClient } from '@coldreach/grpc';
import type { Teardown } from './teardown';

/**
 * Starts a gRPC server a test talks to (on loopback, a port the system picks), closes it with `teardown`, and
 * answers a client of `service` on it. The deadline is generous: a busy machine is slow, not broken.
 */
export async function serveForTest<S extends DescService>(
  teardown: Teardown,
  service: S,
  start: (address: { host: string; port: number }) => Promise<{ url: string; close(): Promise<void> }>,
  { timeoutMs = 20_000 } = {},
): Promise<Client<S>> {
  const server = await start({ host: '127.0.0.1', port: 0 });
  teardown.add(() => server.close());
  return createGrpcClient(service, { baseUrl: server.url, timeoutMs });
}
