// Test support: the common ground of the worker system tests — a migrated ledger database with one
// mailbox that sends to the sink, and a Kafka bus in a namespace of its own with email.commands.
import { randomBytes, randomUUID } from 'node:crypto';
import { topics } from '@coldreach/contracts';
import { createKafkaEventBus, type EventBus } from '@coldreach/events';
import { createLogger } from '@coldreach/observability';
import { randomName, testKafkaBrokers, type SmtpSink } from '@coldreach/testing';
import { openEmailDatabase } from '../../src/index';
import { createSmtpUrlCipher } from '../../src/persistence/smtp-url-cipher';
import { insertSinkMailbox } from './ledger-tally';

export interface WorkerRun {
  workspaceId: string;
  mailboxId: string;
  /** Seals the mailbox's SMTP URL; the worker processes get it as EMAIL_CREDENTIALS_KEY. */
  credentialsKey: Uint8Array;
  /** The KAFKA_NAMESPACE of this run. */
  namespace: string;
  /** Publishes commands in the run's namespace; closed by the caller. */
  bus: EventBus;
}

export async function prepareWorkerRun(
  databaseUrl: string,
  sink: SmtpSink,
  options: { name: string; dailyCap: number },
): Promise<WorkerRun> {
  await (await openEmailDatabase({ url: databaseUrl }, { migrate: true })).destroy();
  const credentialsKey = randomBytes(32);
  const workspaceId = randomUUID();
  const mailboxId = randomUUID();
  await insertSinkMailbox(databaseUrl, {
    id: mailboxId,
    workspaceId,
    sealedSmtpUrl: createSmtpUrlCipher(credentialsKey).seal(sink.url),
    port: sink.port,
    dailyCap: options.dailyCap,
  });
  const namespace = randomName(options.name);
  const bus = createKafkaEventBus({
    brokers: testKafkaBrokers(),
    clientId: namespace,
    namespace,
    logger: createLogger({ name: `${options.name}-test`, level: 'silent' }),
  });
  await bus.ensureTopics([{ name: topics.emailCommands, partitions: 12 }]);
  return { workspaceId, mailboxId, credentialsKey, namespace, bus };
}
