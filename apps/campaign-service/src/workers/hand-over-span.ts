import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('@coldreach/campaign-service');

/**
 * Runs one campaign's hand-over in a span `campaign hand-over` continuing the trace of the request
 * that launched the campaign (its stored `traceparent`), so the commands written, and the sends that
 * follow them, belong to the launch's trace. The trace context stored at launch carries the sampling
 * decision too: a launch that was not sampled hands over untraced.
 */
export async function inHandOverSpan<T>(
  campaign: { id: string; launchTraceContext: Record<string, string> },
  work: () => Promise<T>,
): Promise<T> {
  const parent = propagation.extract(ROOT_CONTEXT, campaign.launchTraceContext);
  const span = tracer.startSpan(
    'campaign hand-over',
    { kind: SpanKind.INTERNAL, attributes: { 'coldreach.campaign.id': campaign.id } },
    parent,
  );
  try {
    return await context.with(trace.setSpan(parent, span), work);
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.name : 'failed' });
    throw error;
  } finally {
    span.end();
  }
}
