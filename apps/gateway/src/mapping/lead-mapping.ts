import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampDate, timestampFromDate, type Timestamp } from '@bufbuild/protobuf/wkt';
import {
  VerificationStatus,
  verificationStatusName,
  verificationStatusToProto,
  type Client,
  type ClientInputSchema,
} from '@coldreach/contracts';
import type { LeadFieldsBody, VerificationStatusName } from '../schemas/lead-schemas';
import { verificationFromProto, type VerificationJson } from './verification-mapping';

/** A lead as the REST API shows it (camelCase JSON). */
export interface Lead {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  phone: string;
  website: string;
  sourceUrl: string;
  collectedAt: string | null;
  verificationStatus: VerificationStatusName;
  /** The last check of the address; null while never checked. */
  verification: VerificationJson | null;
  tags: string[];
  customFields: Record<string, string>;
  createdAt: string;
  updatedAt: string;
}

export type ClientInputInit = MessageInitShape<typeof ClientInputSchema>;

export { verificationStatusToProto } from '@coldreach/contracts';

/** UNSPECIFIED never comes from a current service; showing it as the create-time default is honest. */
export function verificationStatusFromProto(status: VerificationStatus): VerificationStatusName {
  return verificationStatusName(status) ?? 'unverified';
}

export function leadFromClient(client: Client): Lead {
  return {
    id: client.id,
    email: client.email,
    firstName: client.firstName,
    lastName: client.lastName,
    company: client.company,
    title: client.title,
    phone: client.phone,
    website: client.website,
    sourceUrl: client.sourceUrl,
    collectedAt: client.collectedAt ? isoString(client.collectedAt) : null,
    verificationStatus: verificationStatusFromProto(client.verificationStatus),
    verification: verificationFromProto(client.verification),
    tags: client.tags,
    customFields: client.customFields,
    createdAt: client.createTime ? isoString(client.createTime) : new Date(0).toISOString(),
    updatedAt: client.updateTime ? isoString(client.updateTime) : new Date(0).toISOString(),
  };
}

/** The ClientInput for the fields present in a body; absent fields keep the proto defaults. */
export function clientInputFromBody(body: LeadFieldsBody & { email?: unknown }): ClientInputInit {
  return {
    email: typeof body.email === 'string' ? body.email : '',
    firstName: body.firstName ?? '',
    lastName: body.lastName ?? '',
    company: body.company ?? '',
    title: body.title ?? '',
    phone: body.phone ?? '',
    website: body.website ?? '',
    sourceUrl: body.sourceUrl ?? '',
    collectedAt: body.collectedAt ? timestampFromDate(new Date(body.collectedAt)) : undefined,
    verificationStatus: body.verificationStatus
      ? verificationStatusToProto(body.verificationStatus)
      : VerificationStatus.UNSPECIFIED,
    tags: body.tags ?? [],
    customFields: body.customFields ?? {},
  };
}

const maskPaths: Record<keyof LeadFieldsBody, string> = {
  firstName: 'first_name',
  lastName: 'last_name',
  company: 'company',
  title: 'title',
  phone: 'phone',
  website: 'website',
  sourceUrl: 'source_url',
  collectedAt: 'collected_at',
  verificationStatus: 'verification_status',
  tags: 'tags',
  customFields: 'custom_fields',
};

/** The update mask of a PATCH body: one path per key present (an explicit null clears collectedAt). */
export function updateMaskFromBody(body: LeadFieldsBody): string[] {
  return Object.keys(body).flatMap((key) =>
    Object.hasOwn(maskPaths, key) ? [maskPaths[key as keyof LeadFieldsBody]] : [],
  );
}

function isoString(timestamp: Timestamp): string {
  return timestampDate(timestamp).toISOString();
}
