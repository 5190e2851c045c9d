import { DomainError, invalidArgument, type FieldViolation } from '@coldreach/errors';
import { isUuid, requireUuids } from '@coldreach/ids';
import { listingFingerprint, pageOf, readPageRequest } from '@coldreach/paging';
import { notSentToReason } from './campaign';
import type { CampaignStore } from './campaign-store';
import type { ClientDirectory } from './ports';
import { taskStatuses, type Task, type TaskStatusName } from './sequence';

export interface TaskListRequest {
  pageSize: number;
  pageToken: string;
  statuses: string[];
  clientId: string;
  stepId: string;
}

/** CreateTask, GetTask, ListTasks. */
export function createTaskUseCases(store: CampaignStore, clients: ClientDirectory, clock: () => Date) {
  return {
    /**
     * Asks the Client service for the client before anything is written: a client that does not
     * exist, or belongs to another workspace, is NOT_FOUND naming its id; one whose verification
     * status the campaign does not send to is INVALID_ARGUMENT naming it.
     */
    async createTask(
      workspaceId: string,
      campaignId: string,
      clientId: string,
      stepId: string,
      scheduledTime: Date | undefined,
    ): Promise<{ task: Task; created: boolean }> {
      const ids = requireUuids({
        workspace_id: workspaceId,
        campaign_id: campaignId,
        client_id: clientId,
        step_id: stepId,
      });
      const client = await clients.get(ids.workspace_id, ids.client_id);
      if (!client) {
        throw new DomainError('not_found', `client ${ids.client_id} not found in this workspace`, {
          violations: [{ field: 'client_id', message: `client ${ids.client_id} not found` }],
        });
      }
      const { targetCriteria } = await store.getCampaign(ids.workspace_id, ids.campaign_id);
      const reason = notSentToReason(targetCriteria, ids.client_id, client.verificationStatus);
      if (reason) throw invalidArgument([{ field: 'client_id', message: reason }]);
      return store.createTask(ids.workspace_id, ids.campaign_id, client, ids.step_id, scheduledTime, clock());
    },

    async getTask(workspaceId: string, id: string): Promise<Task> {
      const ids = requireUuids({ workspace_id: workspaceId, id });
      return store.getTask(ids.workspace_id, ids.id);
    },

    async listTasks(
      workspaceId: string,
      campaignId: string,
      request: TaskListRequest,
    ): Promise<{ tasks: Task[]; nextPageToken: string }> {
      const ids = requireUuids({ workspace_id: workspaceId, campaign_id: campaignId });
      const violations: FieldViolation[] = [];
      const statuses: TaskStatusName[] = [];
      request.statuses.forEach((status, index) => {
        if (!(taskStatuses as readonly string[]).includes(status)) {
          violations.push({ field: `filter.statuses[${index}]`, message: 'is not a task status' });
        } else if (!statuses.includes(status as TaskStatusName)) {
          statuses.push(status as TaskStatusName);
        }
      });
      statuses.sort();
      for (const [field, value] of [
        ['filter.client_id', request.clientId],
        ['filter.step_id', request.stepId],
      ] as const) {
        if (value !== '' && !isUuid(value)) violations.push({ field, message: 'must be a UUID' });
      }
      if (violations.length > 0) throw invalidArgument(violations);
      const filter = {
        statuses,
        clientId: request.clientId.toLowerCase(),
        stepId: request.stepId.toLowerCase(),
      };
      const fingerprint = listingFingerprint(['tasks', ids.workspace_id, ids.campaign_id, filter]);
      const page = readPageRequest(request, fingerprint, { key: isUuid });
      const rows = await store.listTasks(
        ids.workspace_id,
        ids.campaign_id,
        filter,
        page.after,
        page.pageSize + 1,
      );
      const { items, nextPageToken } = pageOf(
        rows,
        page.pageSize,
        (task) => ({ time: task.scheduledTime ?? task.createTime, key: task.id }),
        fingerprint,
      );
      return { tasks: items, nextPageToken };
    },
  };
}
