import { randomUUID } from 'node:crypto';
import type { Client } from '@connectrpc/connect';
import type { ClientFilter, ClientService } from '@coldreach/contracts';
import type { EmailVerifier, VerificationResult } from '@coldreach/email-verification';
import { DomainError, invalidArgument, notFound } from '@coldreach/errors';
import { requireUuid, requireUuids, uuidFromParts } from '@coldreach/ids';
import { isFinishedJob, type VerificationJob } from './verification-job';
import { filterFromProto, verificationToProto } from './verification-mapping';
import type { VerificationStore } from './verification-store';

// Longer than any address (254): a longer value is refused, not checked.
const maxAddressInput = 1000;
const maxRequestIdLength = 200;

/** What the VerificationService API does; the gRPC handlers only map. */
export function createVerificationUseCases(options: {
  store: VerificationStore;
  verifier: EmailVerifier;
  clients: Client<typeof ClientService>;
  /** Tells the runner a job was created, so it lists its clients now. */
  wakeRunner: () => void;
}) {
  const { store, verifier, clients } = options;

  async function existing(workspaceId: string, id: string): Promise<VerificationJob> {
    const ids = requireUuids({ workspace_id: workspaceId, id });
    const job = await store.getJob(ids.workspace_id, ids.id);
    if (!job) throw notFound(`verification job ${id}`);
    return job;
  }

  return {
    async verifyAddress(workspaceId: string, email: string): Promise<VerificationResult> {
      requireUuid(workspaceId, 'workspace_id');
      if (email.length > maxAddressInput) {
        throw invalidArgument([{ field: 'email', message: `must be at most ${maxAddressInput} characters` }]);
      }
      return verifier.verify(email);
    },

    /** Checks a client's address and records the result on it; answers the client as it is then. */
    async verifyClient(workspaceId: string, clientId: string) {
      const ids = requireUuids({ workspace_id: workspaceId, client_id: clientId });
      const { client } = await clients.getClient({ workspaceId: ids.workspace_id, id: ids.client_id });
      if (!client) throw notFound(`client ${clientId}`);
      const result = await verifier.verify(client.email);
      await clients.recordVerifications({
        workspaceId: ids.workspace_id,
        records: [{ clientId: client.id, email: client.email, verification: verificationToProto(result) }],
      });
      const after = await clients.getClient({ workspaceId: ids.workspace_id, id: ids.client_id });
      if (!after.client) throw notFound(`client ${clientId}`);
      return after.client;
    },

    /** With a `requestId`, a repeated call answers the job the first one created (a safe retry). */
    async createJob(workspaceId: string, filter: ClientFilter | undefined, requestId = '') {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      if (requestId.length > maxRequestIdLength) {
        throw invalidArgument([
          { field: 'request_id', message: `must be at most ${maxRequestIdLength} characters` },
        ]);
      }
      const id = requestId === '' ? randomUUID() : uuidFromParts(workspace, 'verification-job', requestId);
      const job = await store.createJob(workspace, id, filterFromProto(filter));
      options.wakeRunner();
      return job;
    },

    getJob: existing,

    async cancelJob(workspaceId: string, id: string): Promise<VerificationJob> {
      const job = await existing(workspaceId, id);
      if (job.status === 'cancelled') return job;
      if (isFinishedJob(job.status)) {
        throw new DomainError(
          'failed_precondition',
          `verification job ${id} has already ${job.status}; only a queued or running job can be cancelled`,
        );
      }
      const cancelled = await store.cancelJob(job.workspaceId, job.id);
      if (!cancelled) throw notFound(`verification job ${id}`);
      if (cancelled.status !== 'cancelled') {
        throw new DomainError(
          'failed_precondition',
          `verification job ${id} ended (${cancelled.status}) before it could be cancelled`,
        );
      }
      return cancelled;
    },

    async settings(workspaceId: string) {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      return { autoVerifyNewLeads: (await store.autoVerifySince(workspace)) !== undefined };
    },

    async updateSettings(workspaceId: string, settings: { autoVerifyNewLeads: boolean }) {
      const workspace = requireUuid(workspaceId, 'workspace_id');
      await store.setAutoVerifyNewLeads(workspace, settings.autoVerifyNewLeads);
      return { autoVerifyNewLeads: (await store.autoVerifySince(workspace)) !== undefined };
    },
  };
}

export type VerificationUseCases = ReturnType<typeof createVerificationUseCases>;
