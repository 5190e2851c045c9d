import type { Interceptor } from '@connectrpc/connect';
import { logContextServerInterceptor } from './log-context-interceptor';
import { rpcMetricsClientInterceptor, rpcMetricsServerInterceptor } from './rpc-metrics';
import { rpcTracingClientInterceptor, rpcTracingServerInterceptor } from './rpc-tracing';

/**
 * What every gRPC server of this code base runs around its handlers, outermost first: the trace span
 * (so the metrics' time is inside it), then the metrics, which see the status after error mapping,
 * then the log context (the request's workspace on every line logged while serving it).
 */
export const serverInterceptors: Interceptor[] = [
  rpcTracingServerInterceptor,
  rpcMetricsServerInterceptor,
  logContextServerInterceptor,
];

/** What every gRPC client runs around its calls, outermost first. */
export const clientInterceptors: Interceptor[] = [rpcTracingClientInterceptor, rpcMetricsClientInterceptor];
