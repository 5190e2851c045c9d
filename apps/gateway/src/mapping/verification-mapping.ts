// Verification service messages ⇄ the REST API's JSON (camelCase, lower-case names, RFC 3339 times,
// null for "none").
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  VerificationJobStatus,
  verificationStatusName,
  verificationStatusToProto,
  type ClientFilter,
  type ClientFilterSchema,
  type Verification,
  type VerificationJob,
  type VerifyAddressResponse,
} from '@coldreach/contracts';
import { enumName, iso, isoOrNull, nullIfEmpty } from './proto-values';
import { answered, type RequestFieldNames } from './service-call';
import type { CreateVerificationJobBody } from '../schemas/verification-schemas';

/** A check's result as a lead shows it. */
function resultFromProto(verification: Verification) {
  return {
    verdict: verification.verdict,
    reasons: verification.reasons,
    mxHost: nullIfEmpty(verification.mxHost),
    checkedAt: iso(verification.checkedAt),
    fromCache: verification.fromCache,
  };
}

/** A lead's `verification`: null while its address was never checked. */
export function verificationFromProto(verification: Verification | undefined) {
  return verification ? resultFromProto(verification) : null;
}

export type VerificationJson = ReturnType<typeof resultFromProto>;

/** POST /api/verify's answer: the address as checked, the verdict and the lead status it means. */
export function addressVerificationFromProto(response: VerifyAddressResponse) {
  const verification = answered(response.verification, 'verification');
  return {
    email: response.email,
    // The service always sets it; "unknown" is the honest name should a newer peer send another.
    status: verificationStatusName(verification.status) ?? 'unknown',
    ...resultFromProto(verification),
  };
}

/** A bulk job's filter from POST /api/leads/verify's body; absent parts match every lead. */
export function jobFilterFromBody({
  filter,
}: CreateVerificationJobBody): MessageInitShape<typeof ClientFilterSchema> {
  const statuses = filter.verificationStatus ?? [];
  return {
    verificationStatuses: (typeof statuses === 'string' ? [statuses] : statuses).map(
      verificationStatusToProto,
    ),
    tag: filter.tag ?? '',
    company: filter.company ?? '',
    query: filter.query ?? '',
  };
}

/** How the Verification service names CreateVerificationJob's fields, as the REST body does. */
export const jobFilterFieldNames: RequestFieldNames = {
  'filter.verification_statuses': 'body.filter.verificationStatus',
  'filter.tag': 'body.filter.tag',
  'filter.company': 'body.filter.company',
  'filter.query': 'body.filter.query',
  filter: 'body.filter',
  request_id: 'headers.idempotency-key',
};

function filterFromProto(filter: ClientFilter | undefined) {
  return {
    tag: nullIfEmpty(filter?.tag ?? ''),
    verificationStatus: (filter?.verificationStatuses ?? []).flatMap(
      (status) => verificationStatusName(status) ?? [],
    ),
    company: nullIfEmpty(filter?.company ?? ''),
    query: nullIfEmpty(filter?.query ?? ''),
  };
}

/** A bulk job with its progress: GET /api/leads/verify/:id, and GET /api/status/:id for such a job. */
export function verificationJobFromProto(job: VerificationJob) {
  return {
    id: job.id,
    kind: 'verification' as const,
    status: enumName(VerificationJobStatus, job.status),
    total: job.total,
    checked: job.checked,
    byResult: { safe: job.safe, risky: job.risky, invalid: job.invalid, unknown: job.unknown },
    filter: filterFromProto(job.filter),
    errorMessage: nullIfEmpty(job.errorMessage),
    createdAt: iso(job.createTime),
    startedAt: isoOrNull(job.startTime),
    endedAt: isoOrNull(job.endTime),
    updatedAt: iso(job.updateTime),
  };
}

export type VerificationJobJson = ReturnType<typeof verificationJobFromProto>;
