import {
  Code,
  ConnectError,
  type Interceptor,
  type UnaryRequest,
  type StreamRequest,
} from '@connectrpc/connect';
import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';

// connect-node has no OpenTelemetry instrumentation, so these interceptors make the spans the
// gRPC semantic conventions describe (rpc.system, rpc.service, rpc.method, rpc.grpc.status_code).
const tracer = trace.getTracer('@coldreach/grpc');

const headerGetter: TextMapGetter<Headers> = {
  keys: (headers) => [...headers.keys()],
  get: (headers, key) => headers.get(key) ?? undefined,
};
const headerSetter: TextMapSetter<Headers> = {
  set: (headers, key, value) => headers.set(key, value),
};

// Codes that mean the server failed (semantic conventions); the others are the caller's problem.
const serverErrorCodes = new Set([
  Code.Unknown,
  Code.DeadlineExceeded,
  Code.Unimplemented,
  Code.Internal,
  Code.Unavailable,
  Code.DataLoss,
]);

function startRpcSpan(
  request: UnaryRequest | StreamRequest,
  kind: SpanKind,
  parent = context.active(),
): Span {
  const service = request.service.typeName;
  const method = request.method.name;
  return tracer.startSpan(
    `${service}/${method}`,
    { kind, attributes: { 'rpc.system': 'grpc', 'rpc.service': service, 'rpc.method': method } },
    parent,
  );
}

function endRpcSpan(span: Span, error: unknown, side: 'client' | 'server'): void {
  if (error === undefined) {
    span.setAttribute('rpc.grpc.status_code', 0);
  } else {
    const { code, rawMessage } = ConnectError.from(error);
    span.setAttribute('rpc.grpc.status_code', code);
    if (side === 'client' || serverErrorCodes.has(code)) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${Code[code]}: ${rawMessage}` });
    }
  }
  span.end();
}

// Probes ask every few seconds and would be most of the traces, telling nothing about a request.
const untracedServices = new Set(['grpc.health.v1.Health']);

/** Server side: a SERVER span per call, continuing the caller's trace from its `traceparent`. */
export const rpcTracingServerInterceptor: Interceptor = (next) => async (request) => {
  if (untracedServices.has(request.service.typeName)) return next(request);
  const parent = propagation.extract(context.active(), request.header, headerGetter);
  const span = startRpcSpan(request, SpanKind.SERVER, parent);
  try {
    const response = await context.with(trace.setSpan(parent, span), () => next(request));
    endRpcSpan(span, undefined, 'server');
    return response;
  } catch (error) {
    endRpcSpan(span, error, 'server');
    throw error;
  }
};

/** Client side: a CLIENT span per call, whose context goes out as `traceparent` in the request headers. */
export const rpcTracingClientInterceptor: Interceptor = (next) => async (request) => {
  if (untracedServices.has(request.service.typeName)) return next(request);
  const span = startRpcSpan(request, SpanKind.CLIENT);
  const active = trace.setSpan(context.active(), span);
  propagation.inject(active, request.header, headerSetter);
  try {
    const response = await context.with(active, () => next(request));
    endRpcSpan(span, undefined, 'client');
    return response;
  } catch (error) {
    endRpcSpan(span, error, 'client');
    throw error;
  }
};
