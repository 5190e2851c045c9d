import type { Interceptor } from '@connectrpc/connect';

// Placeholder while metrics are built in this session (issue 16): passes calls through.
export const rpcMetricsServerInterceptor: Interceptor = (next) => next;
export const rpcMetricsClientInterceptor: Interceptor = (next) => next;
