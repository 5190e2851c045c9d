import { Code, ConnectError, type Interceptor } from '@connectrpc/connect';
import { defineCounter, defineHistogram, latencyBuckets } from '@coldreach/observability';

const labelNames = ['service', 'method', 'code'] as const;

const serverHandled = defineCounter({
  name: 'coldreach_rpc_server_handled_total',
  help: 'RPCs this process served, by gRPC service, method and status code',
  labelNames,
});
const serverDuration = defineHistogram({
  name: 'coldreach_rpc_server_duration_seconds',
  help: 'Time to serve an RPC (to its first response for streams), by gRPC service, method and status code',
  labelNames,
  buckets: latencyBuckets,
});
const clientHandled = defineCounter({
  name: 'coldreach_rpc_client_handled_total',
  help: 'RPCs this process made, by gRPC service, method and status code',
  labelNames,
});
const clientDuration = defineHistogram({
  name: 'coldreach_rpc_client_duration_seconds',
  help: 'Time an RPC took as its caller saw it, by gRPC service, method and status code',
  labelNames,
  buckets: latencyBuckets,
});

/** `NotFound` → `NOT_FOUND`: the status names every gRPC tool shows. */
export function grpcCodeName(code: Code | undefined): string {
  if (code === undefined) return 'OK';
  return Code[code].replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
}

function measured(handled: typeof serverHandled, duration: typeof serverDuration): Interceptor {
  return (next) => async (request) => {
    const end = duration.startTimer();
    const labels = { service: request.service.typeName, method: request.method.name };
    try {
      const response = await next(request);
      const code = grpcCodeName(undefined);
      handled.inc({ ...labels, code });
      end({ ...labels, code });
      return response;
    } catch (error) {
      const code = grpcCodeName(ConnectError.from(error).code);
      handled.inc({ ...labels, code });
      end({ ...labels, code });
      throw error;
    }
  };
}

/** Counts and times every served RPC; it wraps the error mapping, so it sees the final codes. */
export const rpcMetricsServerInterceptor: Interceptor = measured(serverHandled, serverDuration);

/** Counts and times every RPC made through createGrpcClient, deadline and transport failures included. */
export const rpcMetricsClientInterceptor: Interceptor = measured(clientHandled, clientDuration);
