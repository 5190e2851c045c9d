// A bulk verification job in the domain's own terms (camelCase, no proto, no SQL).

export type VerificationJobStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export type VerdictName = 'safe' | 'risky' | 'invalid' | 'unknown';

/** Which of the workspace's clients a job checks (ClientService's ClientFilter, as stored). */
export interface JobFilter {
  /** VerificationStatus numbers of coldreach.clients.v1. */
  verificationStatuses: number[];
  tag: string;
  company: string;
  query: string;
}

export interface VerificationJob {
  id: string;
  workspaceId: string;
  filter: JobFilter;
  status: VerificationJobStatus;
  total: number;
  checked: number;
  byVerdict: Record<VerdictName, number>;
  errorMessage: string;
  createdAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
  updatedAt: Date;
}

export const isFinishedJob = (status: VerificationJobStatus): boolean =>
  status === 'succeeded' || status === 'failed' || status === 'cancelled';

/** One client's address to check, as a command carries it (jobId '' for a new lead's auto-check). */
export interface AddressToCheck {
  workspaceId: string;
  jobId: string;
  clientId: string;
  email: string;
}
