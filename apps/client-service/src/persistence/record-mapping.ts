import type { Client, ClientFields } from '../domain/client';
import { ClientRecord } from './client-record';

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
    createTime: record.createdAt,
    updateTime: record.updatedAt,
  };
}

export function clientToRecord(client: Client): ClientRecord {
  const record = new ClientRecord();
  const { createTime, updateTime, ...fields } = client;
  return Object.assign(record, fields, { createdAt: createTime, updatedAt: updateTime });
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
    createTime: new Date(row.created_at),
    updateTime: new Date(row.updated_at),
  };
}
