import { create } from '@bufbuild/protobuf';
import {
  ClientCreatedSchema,
  ClientDeletedSchema,
  ClientsImportedSchema,
  ClientUpdatedSchema,
  ClientVerifiedSchema,
  eventTypes,
  topics,
  verificationStatusToProto,
} from '@coldreach/contracts';
import { createEnvelope, type OutboxEventInput } from '@coldreach/outbox';
import type { Client, VerificationStatusName } from '../domain/client';
import type { ImportSummary } from '../domain/client-store';
import { clientToProto, verificationToProto } from '../grpc/client-proto-mapping';

// The client service's events on `clients.events`, keyed by client id (import id for the summary),
// ready for the outbox of the shard that holds the change.

const source = 'client-service';

export function clientCreatedEvent(client: Client): OutboxEventInput {
  return {
    topic: topics.clientsEvents,
    ...createEnvelope({
      type: eventTypes.clientCreated,
      workspaceId: client.workspaceId,
      key: client.id,
      source,
      occurredAt: client.updateTime,
      payload: {
        schema: ClientCreatedSchema,
        message: create(ClientCreatedSchema, { client: clientToProto(client) }),
      },
    }),
  };
}

/** `changedFields`: the ClientInput paths that changed (empty when a merge changed nothing). */
export function clientUpdatedEvent(client: Client, changedFields: readonly string[]): OutboxEventInput {
  return {
    topic: topics.clientsEvents,
    ...createEnvelope({
      type: eventTypes.clientUpdated,
      workspaceId: client.workspaceId,
      key: client.id,
      source,
      occurredAt: client.updateTime,
      payload: {
        schema: ClientUpdatedSchema,
        message: create(ClientUpdatedSchema, {
          client: clientToProto(client),
          changedFields: [...changedFields],
        }),
      },
    }),
  };
}

export function clientDeletedEvent(
  deleted: { workspaceId: string; clientId: string; email: string },
  now: Date,
): OutboxEventInput {
  return {
    topic: topics.clientsEvents,
    ...createEnvelope({
      type: eventTypes.clientDeleted,
      workspaceId: deleted.workspaceId,
      key: deleted.clientId,
      source,
      occurredAt: now,
      payload: {
        schema: ClientDeletedSchema,
        message: create(ClientDeletedSchema, { clientId: deleted.clientId, email: deleted.email }),
      },
    }),
  };
}

/** A verification result was recorded on `client` (which carries it), replacing `previousStatus`. */
export function clientVerifiedEvent(
  client: Client,
  previousStatus: VerificationStatusName,
): OutboxEventInput {
  return {
    topic: topics.clientsEvents,
    ...createEnvelope({
      type: eventTypes.clientVerified,
      workspaceId: client.workspaceId,
      key: client.id,
      source,
      occurredAt: client.updateTime,
      payload: {
        schema: ClientVerifiedSchema,
        message: create(ClientVerifiedSchema, {
          workspaceId: client.workspaceId,
          clientId: client.id,
          email: client.email,
          verification: client.verification ? verificationToProto(client.verification) : undefined,
          previousStatus: verificationStatusToProto(previousStatus),
        }),
      },
    }),
  };
}

export function clientsImportedEvent(
  workspaceId: string,
  summary: ImportSummary,
  now: Date,
): OutboxEventInput {
  return {
    topic: topics.clientsEvents,
    ...createEnvelope({
      type: eventTypes.clientsImported,
      workspaceId,
      key: summary.importId,
      source,
      occurredAt: now,
      payload: { schema: ClientsImportedSchema, message: create(ClientsImportedSchema, summary) },
    }),
  };
}
