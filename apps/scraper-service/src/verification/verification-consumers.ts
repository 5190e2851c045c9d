import {
  ClientCreatedSchema,
  VerifyAddressRequestedSchema,
  consumerGroups,
  eventTypes,
  topics,
  type EventEnvelope,
} from '@coldreach/contracts';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { DataSource } from 'typeorm';
import { emailProblem } from '@coldreach/email-address';
import type { EventBus, ReceivedMessage, Subscription } from '@coldreach/events';
import { isUuid } from '@coldreach/ids';
import type { Logger } from '@coldreach/observability';
import {
  createBatchMessageHandler,
  decodeEnvelope,
  invalidMessage,
  processEach,
  unpackPayload,
  writeOutboxEvents,
} from '@coldreach/outbox';
import type { AddressChecker } from './address-checker';
import { verifyCommandEvent } from './verification-events';
import type { AddressToCheck } from './verification-job';
import type { VerificationStore } from './verification-store';

export const verifyCommandsTopic = { name: topics.verifyCommands, partitions: 12 };

function checkedIds(which: string, ids: Record<string, string>, optional: readonly string[] = []): void {
  for (const [field, value] of Object.entries(ids)) {
    if (optional.includes(field) && value === '') continue;
    if (!isUuid(value)) throw invalidMessage(`${which}: ${field} must be a UUID`);
  }
}

/** The address a `verify.address_requested` carries; a command without valid ids or address is invalid. */
function commandOf(envelope: EventEnvelope): AddressToCheck {
  const which = `event ${envelope.eventId.slice(0, 64)} (${eventTypes.verifyAddressRequested})`;
  const command = unpackPayload(envelope, VerifyAddressRequestedSchema);
  checkedIds(
    which,
    { workspace_id: command.workspaceId, job_id: command.jobId, client_id: command.clientId },
    ['job_id'],
  );
  // The reason names the field only: dead letters and logs never show the address.
  const problem = emailProblem(command.email);
  if (problem) throw invalidMessage(`${which}: email ${problem}`);
  return {
    workspaceId: command.workspaceId.toLowerCase(),
    jobId: command.jobId.toLowerCase(),
    clientId: command.clientId.toLowerCase(),
    email: command.email,
  };
}

/**
 * Consumes `verify.commands` (group scraper-service.verification): each batch's addresses are
 * checked and recorded (see createAddressChecker). Keyed by domain, so one domain's addresses come
 * to one worker, where the verifier takes them one SMTP session at a time.
 */
export function startVerifyCommandsConsumer(options: {
  bus: EventBus;
  dataSource: DataSource;
  logger: Logger;
  checker: AddressChecker;
  maxAttempts?: number;
}): Promise<Subscription> {
  const groupId = consumerGroups.verificationWorkers;
  return options.bus.subscribe({
    groupId,
    topics: [topics.verifyCommands],
    fromBeginning: true,
    // A batch of one domain's addresses may take minutes with the probe on (one session at a time):
    // the handler heartbeats between its chunks, and stops between them when the partition goes.
    handleBatch: (batch, context) =>
      createBatchMessageHandler({
        groupId,
        dataSource: options.dataSource,
        logger: options.logger,
        maxAttempts: options.maxAttempts,
        handle: async (messages: readonly ReceivedMessage[]) => {
          const commands = messages
            .map((message) => decodeEnvelope(message.value))
            .filter((envelope) => envelope.type === eventTypes.verifyAddressRequested)
            .map(commandOf);
          await options.checker.check(commands, async () => {
            context.signal.throwIfAborted();
            await context.heartbeat();
          });
        },
      })(batch, context),
  });
}

/**
 * Consumes `clients.events` (group scraper-service.verification-client-events): a `client.created`
 * in a workspace that verifies new leads automatically becomes a `verify.address_requested`
 * (through the outbox, each event once: processed_events).
 */
export function startAutoVerifyConsumer(options: {
  bus: EventBus;
  dataSource: DataSource;
  logger: Logger;
  store: VerificationStore;
  maxAttempts?: number;
}): Promise<Subscription> {
  const groupId = consumerGroups.verificationClientEvents;
  return options.bus.subscribe({
    groupId,
    topics: [topics.clientsEvents],
    // Only leads created from now on: turning the setting on does not verify the whole history.
    fromBeginning: false,
    handleBatch: createBatchMessageHandler({
      groupId,
      dataSource: options.dataSource,
      logger: options.logger,
      maxAttempts: options.maxAttempts,
      handle: async (messages) => {
        const created = messages
          .map((message) => decodeEnvelope(message.value))
          .filter((envelope) => envelope.type === eventTypes.clientCreated);
        if (created.length === 0) return;
        const since = new Map<string, Date | undefined>();
        for (const envelope of created) {
          const workspaceId = envelope.workspaceId.toLowerCase();
          if (!since.has(workspaceId))
            since.set(workspaceId, await options.store.autoVerifySince(workspaceId));
        }
        // Only leads created once the setting was on: turning it on does not reach back.
        const toCheck = created.filter((envelope) => {
          const from = since.get(envelope.workspaceId.toLowerCase());
          const createdAt = unpackPayload(envelope, ClientCreatedSchema).client?.createTime;
          return from !== undefined && (!createdAt || timestampDate(createdAt) >= from);
        });
        if (toCheck.length === 0) return;
        await options.dataSource.transaction(async (manager) => {
          const fresh = await processEach(
            manager,
            groupId,
            toCheck.map((envelope) => envelope.eventId.toLowerCase()),
          );
          await writeOutboxEvents(
            manager,
            toCheck
              .filter((envelope) => fresh.has(envelope.eventId.toLowerCase()))
              .map((envelope) => {
                const client = unpackPayload(envelope, ClientCreatedSchema).client;
                const which = `event ${envelope.eventId.slice(0, 64)} (${eventTypes.clientCreated})`;
                if (!client) throw invalidMessage(`${which}: client is missing`);
                checkedIds(which, { workspace_id: envelope.workspaceId, client_id: client.id });
                return verifyCommandEvent({
                  workspaceId: envelope.workspaceId.toLowerCase(),
                  jobId: '',
                  clientId: client.id.toLowerCase(),
                  email: client.email,
                });
              }),
          );
        });
      },
    }),
  });
}
