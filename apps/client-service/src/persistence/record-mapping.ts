import type { Client, ClientFields } from '../domain/client';
import type { Verification } from '../domain/verification';
import { ClientRecord } from './client-record';

/** The verification columns as one value: none while never checked (checked_at is null). */
function verificationOf(
  status: Client['verificationStatus'],
  columns: {
    verdict: string | null;
    reasons: string[] | null;
    mxHost: string | null;
    checkedAt: Date | string | null;
    fromCache: boolean | null;
  },
): Verification | null {
  if (columns.checkedAt === null) return null;
  return {
    status,
    verdict: columns.verdict ?? '',
    reasons: columns.reasons ?? [],
    mxHost: columns.mxHost ?? '',
    checkedAt: new Date(columns.checkedAt),
    fromCache: columns.fromCache ?? false,
  };
}

export function recordToClient(record: ClientRecord): Client {
  return {
    id: record.id,
    workspaceId: record.workspaceId,
    email: record.email,
    firstName: record.firstName,
    lastName: record.lastName,
    company: record.company,
    title: record.title,
    phone: record.phone,
    website: record.website,
    sourceUrl: record.sourceUrl,
    collectedAt: record.collectedAt,
    verificationStatus: record.verificationStatus,
    tags: record.tags,
    customFields: record.customFields,
    verification: verificationOf(record.verificationStatus, {
      verdict: record.verificationVerdict,
      reasons: record.verificationReasons,
      mxHost: record.verificationMxHost,
      checkedAt: record.verificationCheckedAt,
      fromCache: record.verificationFromCache,
    }),
    createTime: record.createdAt,
    updateTime: record.updatedAt,
  };
}

export function clientToRecord(client: Client): ClientRecord {
  const record = new ClientRecord();
  const { createTime, updateTime, verification, ...fields } = client;
  return Object.assign(record, fields, {
    createdAt: createTime,
    updatedAt: updateTime,
    verificationVerdict: verification?.verdict ?? null,
    verificationReasons: verification?.reasons ?? null,
    verificationMxHost: verification?.mxHost ?? null,
    verificationCheckedAt: verification?.checkedAt ?? null,
    verificationFromCache: verification?.fromCache ?? null,
  });
}

/** Exactly the changeable columns (callers may pass a whole Client, which has more properties). */
export function fieldColumns(fields: ClientFields): ClientFields {
  return {
    firstName: fields.firstName,
    lastName: fields.lastName,
    company: fields.company,
    title: fields.title,
    phone: fields.phone,
    website: fields.website,
    sourceUrl: fields.sourceUrl,
    collectedAt: fields.collectedAt,
    verificationStatus: fields.verificationStatus,
    tags: fields.tags,
    customFields: fields.customFields,
  };
}

/** A `clients` row as raw SQL returns it (snake_case columns). */
export interface ClientRow {
  id: string;
  workspace_id: string;
  email: string;
  first_name: string;
  last_name: string;
  company: string;
  title: string;
  phone: string;
  website: string;
  source_url: string;
  collected_at: Date | null;
  verification_status: Client['verificationStatus'];
  tags: string[];
  custom_fields: Record<string, string>;
  verification_verdict: string | null;
  verification_reasons: string[] | null;
  verification_mx_host: string | null;
  verification_checked_at: Date | null;
  verification_from_cache: boolean | null;
  created_at: Date;
  updated_at: Date;
}

export function rowToClient(row: ClientRow): Client {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    email: row.email,
    firstName: row.first_name,
    lastName: row.last_name,
    company: row.company,
    title: row.title,
    phone: row.phone,
    website: row.website,
    sourceUrl: row.source_url,
    collectedAt: row.collected_at === null ? null : new Date(row.collected_at),
    verificationStatus: row.verification_status,
    tags: row.tags,
    customFields: row.custom_fields,
    verification: verificationOf(row.verification_status, {
      verdict: row.verification_verdict,
      reasons: row.verification_reasons,
      mxHost: row.verification_mx_host,
      checkedAt: row.verification_checked_at,
      fromCache: row.verification_from_cache,
    }),
    createTime: new Date(row.created_at),
    updateTime: new Date(row.updated_at),
  };
}
