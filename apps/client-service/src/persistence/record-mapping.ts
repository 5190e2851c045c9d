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
