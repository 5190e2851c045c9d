import type { Interceptor } from '@connectrpc/connect';

// Placeholder while tracing is built in this session (issue 16): passes calls through.
export const rpcTracingServerInterceptor: Interceptor = (next) => next;
export const rpcTracingClientInterceptor: Interceptor = (next) => next;
