import { create } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  ClientFilterSchema,
  VerificationJobSchema,
  VerificationJobStatus as JobStatusProto,
  VerificationSchema,
  verificationStatusToProto,
  type ClientFilter,
  type Verification,
  type VerificationJob as VerificationJobProto,
} from '@coldreach/contracts';
import { leadStatusOfVerdict, type VerificationResult } from '@coldreach/email-verification';
import { jobTimesToProto } from '../grpc/job-times';
import type { JobFilter, VerificationJob, VerificationJobStatus } from './verification-job';

/** A verifier's result as the clients' contract records it. */
export function verificationToProto(result: VerificationResult): Verification {
  return create(VerificationSchema, {
    status: verificationStatusToProto(leadStatusOfVerdict(result.verdict)),
    verdict: result.verdict,
    reasons: [...result.reasons],
    mxHost: result.mxHost,
    checkedAt: timestampFromDate(result.checkedAt),
    fromCache: result.fromCache,
  });
}

const jobStatusToProto: Record<VerificationJobStatus, JobStatusProto> = {
  queued: JobStatusProto.QUEUED,
  running: JobStatusProto.RUNNING,
  succeeded: JobStatusProto.SUCCEEDED,
  failed: JobStatusProto.FAILED,
  cancelled: JobStatusProto.CANCELLED,
};

export const filterFromProto = (filter: ClientFilter | undefined): JobFilter => ({
  verificationStatuses: [...new Set(filter?.verificationStatuses ?? [])].sort(),
  tag: filter?.tag ?? '',
  company: filter?.company ?? '',
  query: filter?.query ?? '',
});

export const filterToProto = (filter: JobFilter): ClientFilter => create(ClientFilterSchema, filter);

export function jobToProto(job: VerificationJob): VerificationJobProto {
  return create(VerificationJobSchema, {
    id: job.id,
    workspaceId: job.workspaceId,
    filter: filterToProto(job.filter),
    status: jobStatusToProto[job.status],
    total: job.total,
    checked: job.checked,
    safe: job.byVerdict.safe,
    risky: job.byVerdict.risky,
    invalid: job.byVerdict.invalid,
    unknown: job.byVerdict.unknown,
    errorMessage: job.errorMessage,
    ...jobTimesToProto(job),
  });
}
