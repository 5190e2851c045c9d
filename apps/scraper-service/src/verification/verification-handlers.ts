import type { ServiceImpl } from '@connectrpc/connect';
import type { VerificationService } from '@coldreach/contracts';
import { jobToProto, verificationToProto } from './verification-mapping';
import type { VerificationUseCases } from './verification-use-cases';

/** VerificationService over gRPC: each handler maps proto ↔ domain and leaves every decision to the use cases. */
export function createVerificationHandlers(
  verification: VerificationUseCases,
): ServiceImpl<typeof VerificationService> {
  return {
    async verifyAddress(request) {
      const result = await verification.verifyAddress(request.workspaceId, request.email);
      return { email: result.email, verification: verificationToProto(result) };
    },

    async verifyClient(request) {
      return { client: await verification.verifyClient(request.workspaceId, request.clientId) };
    },

    async createVerificationJob(request) {
      const job = await verification.createJob(request.workspaceId, request.filter, request.requestId);
      return { job: jobToProto(job) };
    },

    async getVerificationJob(request) {
      return { job: jobToProto(await verification.getJob(request.workspaceId, request.id)) };
    },

    async cancelVerificationJob(request) {
      return { job: jobToProto(await verification.cancelJob(request.workspaceId, request.id)) };
    },

    async getVerificationSettings(request) {
      return { settings: await verification.settings(request.workspaceId) };
    },

    async updateVerificationSettings(request) {
      const settings = { autoVerifyNewLeads: request.settings?.autoVerifyNewLeads ?? false };
      return { settings: await verification.updateSettings(request.workspaceId, settings) };
    },
  };
}
