import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import { TaskStatus, type CampaignService } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { taskFromProto } from '../mapping/campaign-mapping';
import { enumValuesFromList, timestampOrUndefined } from '../mapping/proto-values';
import { resourceId } from '../mapping/resource-id';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import { type CreateTaskBody, type ListTasksQuery, listTasksQuerySchema } from '../schemas/task-schemas';
import { answered, callService as call } from '../mapping/service-call';

const tags = ['campaigns'];
const params = idParamsSchema({ id: 'campaign' });

export interface TaskRoutesOptions {
  campaigns: Client<typeof CampaignService>;
}

/** A campaign's tasks (one email per lead and step): /api/campaigns/:id/tasks. */
export async function taskRoutes(app: FastifyInstance, { campaigns }: TaskRoutesOptions) {
  app.get<{ Params: { id: string }; Querystring: ListTasksQuery }>(
    '/campaigns/:id/tasks',
    {
      schema: {
        tags,
        security,
        summary: "List a campaign's tasks, most recently scheduled first, with filters",
        params,
        querystring: listTasksQuerySchema,
        response: {
          200: jsonResponse('One page of tasks.', { $ref: 'TaskPage#' }),
          ...problemResponses(...commonApiProblems, [404, 'No such campaign in this workspace.']),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const { limit, cursor, status, clientId, stepId } = request.query;
      const response = await call(() =>
        campaigns.listTasks({
          workspaceId,
          campaignId,
          pageSize: limit,
          pageToken: cursor ?? '',
          filter: {
            statuses: enumValuesFromList<TaskStatus>(TaskStatus, status),
            clientId: clientId ?? '',
            stepId: stepId ?? '',
          },
        }),
      );
      return { data: response.tasks.map(taskFromProto), nextCursor: response.nextPageToken || null };
    },
  );

  app.post<{ Params: { id: string }; Body: CreateTaskBody }>(
    '/campaigns/:id/tasks',
    {
      schema: {
        tags,
        security,
        summary: 'Create the task for one lead and step by hand (e.g. to send a step now)',
        description:
          'The client is checked first: one that does not exist in this workspace answers 404 naming it. ' +
          'A client that is not a lead yet joins the campaign. When the task exists already it is returned ' +
          'as is with 200, so a retry never sends twice.',
        params,
        body: { $ref: 'CreateTask#' },
        response: {
          201: jsonResponse('Created; Location is its status.', { $ref: 'Task#' }),
          200: jsonResponse('The task existed already; returned as is.', { $ref: 'Task#' }),
          ...problemResponses(...commonApiProblems, [
            404,
            'No such campaign or step, or the client does not exist in this workspace (the detail names it).',
          ]),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const { clientId, stepId, scheduledAt } = request.body;
      const response = await call(
        () =>
          campaigns.createTask({
            workspaceId,
            campaignId,
            clientId,
            stepId,
            scheduledTime: timestampOrUndefined(scheduledAt),
          }),
        { client_id: 'body.clientId', step_id: 'body.stepId' },
      );
      const task = taskFromProto(answered(response.task, 'task'));
      return reply
        .code(response.created ? 201 : 200)
        .header('location', `/api/status/${task.id}`)
        .send(task);
    },
  );
}
