import { create } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  ClientSchema,
  RecordOutcome,
  UpsertOutcome,
  VerificationSchema,
  VerificationStatus,
  verificationStatusName,
  verificationStatusToProto,
  type Client as ClientMessage,
  type ClientInput as ClientInputMessage,
  type Verification as VerificationMessage,
  type VerificationRecord as VerificationRecordMessage,
} from '@coldreach/contracts';
import { emptyClientInput, type Client, type ClientInput } from '../domain/client';
import type { UpsertOutcomeName } from '../domain/client-use-cases';
import type { VerificationRecordInput } from '../domain/validate-verification-records';
import type { RecordOutcomeName, Verification } from '../domain/verification';

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
    verification: client.verification ? verificationToProto(client.verification) : undefined,
  });
}

export function verificationToProto(verification: Verification): VerificationMessage {
  return create(VerificationSchema, {
    ...verification,
    status: verificationStatusToProto(verification.status),
    checkedAt: timestampFromDate(verification.checkedAt),
  });
}

export function verificationRecordFromProto(record: VerificationRecordMessage): VerificationRecordInput {
  const given = record.verification;
  return {
    clientId: record.clientId,
    email: record.email,
    verification: given && {
      status: statusName(given.status),
      verdict: given.verdict,
      reasons: given.reasons,
      mxHost: given.mxHost,
      checkedAt: given.checkedAt ? timestampDate(given.checkedAt) : null,
      fromCache: given.fromCache,
    },
  };
}

export const recordOutcomeToProto: Record<RecordOutcomeName, RecordOutcome> = {
  recorded: RecordOutcome.RECORDED,
  stale: RecordOutcome.STALE,
  not_found: RecordOutcome.NOT_FOUND,
};

export const outcomeToProto: Record<UpsertOutcomeName, UpsertOutcome> = {
  created: UpsertOutcome.CREATED,
  merged: UpsertOutcome.MERGED,
  rejected: UpsertOutcome.REJECTED,
};
