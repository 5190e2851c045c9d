import { Health, HealthCheckResponse_ServingStatus as ServingStatus } from '@coldreach/contracts';
import { createGrpcClient } from './grpc-client';

/** Asks a gRPC server's grpc.health.v1 whether `service` ('' = the whole server) is SERVING. */
export async function checkGrpcHealth(baseUrl: string, service = '', timeoutMs = 1000): Promise<boolean> {
  const client = createGrpcClient(Health, { baseUrl, timeoutMs });
  try {
    const response = await client.check({ service });
    return response.status === ServingStatus.SERVING;
  } catch {
    return false;
  }
}
