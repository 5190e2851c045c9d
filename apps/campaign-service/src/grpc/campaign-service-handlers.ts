import type { ServiceImpl } from '@connectrpc/connect';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { CampaignService, StepInput as StepInputMessage } from '@coldreach/contracts';
import type { CampaignServiceUseCases } from '../domain/campaign-service-use-cases';
import type { StepInput } from '../domain/step-use-cases';
import {
  campaignInputFromProto,
  campaignStatusToProto,
  campaignToProto,
  enumName,
  leadToProto,
  sequenceStateToProto,
  stepToProto,
  taskStatusToProto,
  taskToProto,
} from './campaign-proto-mapping';

function stepInputFromProto(message: StepInputMessage | undefined): StepInput {
  return {
    position: message?.position ?? 0,
    delay: message?.delay ? { seconds: message.delay.seconds, nanos: message.delay.nanos } : undefined,
    subjectTemplate: message?.subjectTemplate ?? '',
    textBodyTemplate: message?.textBodyTemplate ?? '',
    htmlBodyTemplate: message?.htmlBodyTemplate ?? '',
  };
}

/** CampaignService over gRPC: each handler maps proto ↔ domain and leaves every decision to the use cases. */
export function createCampaignServiceHandlers(
  useCases: CampaignServiceUseCases,
): ServiceImpl<typeof CampaignService> {
  return {
    async createCampaign(request) {
      const campaign = await useCases.createCampaign(
        request.workspaceId,
        campaignInputFromProto(request.campaign),
      );
      return { campaign: campaignToProto(campaign) };
    },

    async getCampaign(request) {
      return { campaign: campaignToProto(await useCases.getCampaign(request.workspaceId, request.id)) };
    },

    async listCampaigns(request) {
      const { campaigns, nextPageToken } = await useCases.listCampaigns(request.workspaceId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        statuses: (request.filter?.statuses ?? []).map((status) => enumName(campaignStatusToProto, status)),
        query: request.filter?.query ?? '',
      });
      return { campaigns: campaigns.map(campaignToProto), nextPageToken };
    },

    async updateCampaign(request) {
      const campaign = await useCases.updateCampaign(
        request.workspaceId,
        request.id,
        campaignInputFromProto(request.campaign),
        request.updateMask?.paths ?? [],
      );
      return { campaign: campaignToProto(campaign) };
    },

    async deleteCampaign(request) {
      await useCases.deleteCampaign(request.workspaceId, request.id);
      return {};
    },

    async launchCampaign(request) {
      return { campaign: campaignToProto(await useCases.launchCampaign(request.workspaceId, request.id)) };
    },

    async pauseCampaign(request) {
      return { campaign: campaignToProto(await useCases.pauseCampaign(request.workspaceId, request.id)) };
    },

    async resumeCampaign(request) {
      return { campaign: campaignToProto(await useCases.resumeCampaign(request.workspaceId, request.id)) };
    },

    async createStep(request) {
      const step = await useCases.createStep(
        request.workspaceId,
        request.campaignId,
        stepInputFromProto(request.step),
      );
      return { step: stepToProto(step) };
    },

    async updateStep(request) {
      const step = await useCases.updateStep(
        request.workspaceId,
        request.campaignId,
        request.id,
        stepInputFromProto(request.step),
        request.updateMask?.paths ?? [],
      );
      return { step: stepToProto(step) };
    },

    async deleteStep(request) {
      await useCases.deleteStep(request.workspaceId, request.campaignId, request.id);
      return {};
    },

    async listSteps(request) {
      const steps = await useCases.listSteps(request.workspaceId, request.campaignId);
      return { steps: steps.map(stepToProto) };
    },

    async addLeads(request) {
      const { added, alreadyPresent } = await useCases.addLeads(request.workspaceId, request.campaignId, {
        clientIds: request.clientIds,
        useTargetCriteria: request.useTargetCriteria,
      });
      return { addedCount: added, alreadyPresentCount: alreadyPresent };
    },

    async removeLead(request) {
      await useCases.removeLead(request.workspaceId, request.campaignId, request.clientId);
      return {};
    },

    async listCampaignLeads(request) {
      const { leads, nextPageToken } = await useCases.listLeads(request.workspaceId, request.campaignId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        states: (request.filter?.states ?? []).map((state) => enumName(sequenceStateToProto, state)),
      });
      return { leads: leads.map(leadToProto), nextPageToken };
    },

    async createTask(request) {
      const { task, created } = await useCases.createTask(
        request.workspaceId,
        request.campaignId,
        request.clientId,
        request.stepId,
        request.scheduledTime ? timestampDate(request.scheduledTime) : undefined,
      );
      return { task: taskToProto(task), created };
    },

    async getTask(request) {
      return { task: taskToProto(await useCases.getTask(request.workspaceId, request.id)) };
    },

    async listTasks(request) {
      const { tasks, nextPageToken } = await useCases.listTasks(request.workspaceId, request.campaignId, {
        pageSize: request.pageSize,
        pageToken: request.pageToken,
        statuses: (request.filter?.statuses ?? []).map((status) => enumName(taskStatusToProto, status)),
        clientId: request.filter?.clientId ?? '',
        stepId: request.filter?.stepId ?? '',
      });
      return { tasks: tasks.map(taskToProto), nextPageToken };
    },
  };
}
