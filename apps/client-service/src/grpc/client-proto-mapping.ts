import { create } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  ClientSchema,
  UpsertOutcome,
  VerificationStatus,
  verificationStatusName,
  verificationStatusToProto,
  type Client as ClientMessage,
  type ClientInput as ClientInputMessage,
} from '@coldreach/contracts';
import { emptyClientInput, type Client, type ClientInput } from '../domain/client';
import type { UpsertOutcomeName } from '../domain/client-use-cases';

/**
 * The stored name of a proto status; undefined for UNSPECIFIED. A number outside the enum (an older
 * or newer peer) becomes a name the domain refuses, so the caller learns which field is wrong.
 */
export function statusName(status: VerificationStatus): string | undefined {
  if (status === VerificationStatus.UNSPECIFIED) return undefined;
  return verificationStatusName(status) ?? `unrecognised (${status})`;
}

export function inputFromProto(message: ClientInputMessage | undefined): ClientInput {
  if (!message) return emptyClientInput();
  return {
    email: message.email,
    firstName: message.firstName,
    lastName: message.lastName,
    company: message.company,
    title: message.title,
    phone: message.phone,
    website: message.website,
    sourceUrl: message.sourceUrl,
    collectedAt: message.collectedAt ? timestampDate(message.collectedAt) : null,
    verificationStatus: statusName(message.verificationStatus),
    tags: message.tags,
    customFields: message.customFields,
  };
}

/** The stored client is the proto Client field for field; only times and the status change type. */
export function clientToProto(client: Client): ClientMessage {
  return create(ClientSchema, {
    ...client,
    collectedAt: client.collectedAt ? timestampFromDate(client.collectedAt) : undefined,
    verificationStatus: verificationStatusToProto(client.verificationStatus),
    createTime: timestampFromDate(client.createTime),
    updateTime: timestampFromDate(client.updateTime),
  });
}

export const outcomeToProto: Record<UpsertOutcomeName, UpsertOutcome> = {
  created: UpsertOutcome.CREATED,
  merged: UpsertOutcome.MERGED,
  rejected: UpsertOutcome.REJECTED,
};
