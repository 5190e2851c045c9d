import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { ClaimedDelivery } from '../ledger/delivery-transitions';
import type { SmtpOutcome } from '../ledger/classify-smtp-outcome';

const tracer = trace.getTracer('@coldreach/email-service');

/**
 * Runs one SMTP attempt (connection, envelope and message) in a CLIENT span `smtp send` whose parent
 * is the trace context stored with the delivery: the send continues the trace of the command that
 * scheduled it, however much later a worker claims it. Attributes name the delivery, never the
 * server's URL, the credentials, the addresses or the message.
 */
export async function inSmtpSendSpan(
  delivery: Pick<ClaimedDelivery, 'id' | 'mailboxId' | 'attempts' | 'traceContext'>,
  send: () => Promise<SmtpOutcome>,
): Promise<SmtpOutcome> {
  const parent = propagation.extract(ROOT_CONTEXT, delivery.traceContext ?? {});
  const span = tracer.startSpan(
    'smtp send',
    {
      kind: SpanKind.CLIENT,
      attributes: {
        'coldreach.delivery.id': delivery.id,
        'coldreach.mailbox.id': delivery.mailboxId,
        'coldreach.delivery.attempt': delivery.attempts,
      },
    },
    parent,
  );
  try {
    const outcome = await context.with(trace.setSpan(parent, span), send);
    span.setAttribute('coldreach.smtp.outcome', outcome.kind);
    if ('code' in outcome && outcome.code > 0) span.setAttribute('coldreach.smtp.reply_code', outcome.code);
    // The reason may quote the server, which may quote addresses: only the kind is recorded.
    if (outcome.kind !== 'sent') span.setStatus({ code: SpanStatusCode.ERROR, message: outcome.kind });
    return outcome;
  } finally {
    span.end();
  }
}
