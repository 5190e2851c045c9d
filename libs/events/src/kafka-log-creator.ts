import type { Logger } from '@coldreach/observability';
import { logLevel, type logCreator } from 'kafkajs';

// Fields kafkajs may attach that could carry message content; never logged.
const contentFields = new Set(['messages', 'value', 'key', 'headers', 'payload']);

// Warnings about choices made on purpose. The producer's retries are bounded so that `publish`
// fails after a while instead of hanging while the broker is away; the outbox relay republishes,
// and consumers are idempotent, so the exactly-once guarantee that warning talks about is not one
// this system relies on.
const expectedWarnings = ['Limiting retries for the idempotent producer may invalidate EoS guarantees'];

/** Routes kafkajs' own log lines into our pino logger (the Kafka client is set to warn and above). */
export function createKafkaLogCreator(logger: Logger): logCreator {
  return () =>
    ({ namespace, level, log }) => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      if (expectedWarnings.includes(message)) return;
      // kafkajs logs every error response of the protocol at error level ("Response Heartbeat" while
      // the group rebalances, "Response Metadata" for a topic being created), then the layer that
      // handles it logs what it means (a rejoin, a retry, a crash). Only the latter is news.
      const demoted = namespace === 'Connection' && message.startsWith('Response ');
      const fields: Record<string, unknown> = { kafkajs: namespace };
      for (const [name, value] of Object.entries(extra)) {
        if (!contentFields.has(name)) fields[name] = value;
      }
      if (demoted) logger.debug(fields, message);
      else if (level === logLevel.ERROR) logger.error(fields, message);
      else if (level === logLevel.WARN) logger.warn(fields, message);
      else if (level === logLevel.INFO) logger.info(fields, message);
      else logger.debug(fields, message);
    };
}
