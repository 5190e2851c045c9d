import type { Verification } from './verification';

/** How far an email address is known to be deliverable, as stored. */
export const verificationStatuses = ['unverified', 'valid', 'risky', 'invalid', 'unknown'] as const;
export type VerificationStatusName = (typeof verificationStatuses)[number];

export function isVerificationStatus(value: string): value is VerificationStatusName {
  return (verificationStatuses as readonly string[]).includes(value);
}

/** Everything about a client except its identity and timestamps. */
export interface ClientFields {
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  phone: string;
  website: string;
  sourceUrl: string;
  collectedAt: Date | null;
  verificationStatus: VerificationStatusName;
  tags: string[];
  customFields: Record<string, string>;
}

/** A stored client (a lead or contact). */
export interface Client extends ClientFields {
  /** Derived from (workspaceId, email): see `deriveClientId`. */
  id: string;
  workspaceId: string;
  /** Normalised: trimmed and lower-cased. */
  email: string;
  /** The last verification recorded (RecordVerifications, a hard bounce); null while never checked. */
  verification: Verification | null;
  createTime: Date;
  updateTime: Date;
}

/**
 * What a caller supplies, before validation. `verificationStatus` undefined means "unspecified";
 * any other string is checked against `verificationStatuses`.
 */
export interface ClientInput {
  email: string;
  firstName: string;
  lastName: string;
  company: string;
  title: string;
  phone: string;
  website: string;
  sourceUrl: string;
  collectedAt: Date | null;
  verificationStatus: string | undefined;
  tags: string[];
  customFields: Record<string, string>;
}

/** A ClientInput that passed validation: normalised, trimmed, within limits. */
export interface ValidClientInput extends Omit<ClientInput, 'verificationStatus'> {
  verificationStatus: VerificationStatusName | undefined;
}

/** An empty input, for building inputs field by field. */
export function emptyClientInput(): ClientInput {
  return {
    email: '',
    firstName: '',
    lastName: '',
    company: '',
    title: '',
    phone: '',
    website: '',
    sourceUrl: '',
    collectedAt: null,
    verificationStatus: undefined,
    tags: [],
    customFields: {},
  };
}
