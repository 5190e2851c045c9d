import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { CampaignService, Step } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { stepFromProto, stepInputFromBody, stepMask } from '../mapping/campaign-mapping';
import { resourceId } from '../mapping/resource-id';
import { apiSecurity as security, idParamsSchema, noContentResponse } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import type { StepFieldsBody } from '../schemas/step-schemas';
import { answered, callService as call } from '../mapping/service-call';

const tags = ['campaigns'];
const campaignParams = idParamsSchema({ id: 'campaign' });
const stepParams = idParamsSchema({ id: 'campaign', stepId: 'step' });
const campaignNotFound = [404, 'No such campaign in this workspace.'] as const;
const stepNotFound = [404, 'No such campaign or step in this workspace.'] as const;
const templateProblems = [
  400,
  'A field is invalid; a template with an unknown variable or a syntax error is named by its field ' +
    '(body.subject, body.textBody, body.htmlBody) with the variable, line and column.',
] as const;
// The step id travels as `id` in UpdateStep and DeleteStep, where the path calls it stepId.
const stepIdField = { id: 'params.stepId' };

export interface StepRoutesOptions {
  campaigns: Client<typeof CampaignService>;
}

const stepOf = (response: { step?: Step }) => stepFromProto(answered(response.step, 'step'));

/** A campaign's sequence: /api/campaigns/:id/steps. */
export async function stepRoutes(app: FastifyInstance, { campaigns }: StepRoutesOptions) {
  app.get<{ Params: { id: string } }>(
    '/campaigns/:id/steps',
    {
      schema: {
        tags,
        security,
        summary: "List a campaign's steps in sequence order",
        params: campaignParams,
        response: {
          200: jsonResponse('Every step, position 1 first.', { $ref: 'StepList#' }),
          ...problemResponses(...commonApiProblems, campaignNotFound),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const response = await call(() => campaigns.listSteps({ workspaceId, campaignId }));
      return { data: response.steps.map(stepFromProto) };
    },
  );

  app.post<{ Params: { id: string }; Body: StepFieldsBody }>(
    '/campaigns/:id/steps',
    {
      schema: {
        tags,
        security,
        summary: 'Add a step (appended, or inserted at position)',
        description:
          'Templates use personalisation variables: {{first_name}}, {{first_name | "there"}} (fallback), ' +
          '{{last_name}}, {{company}}, {{title}}, {{email}}, {{phone}}, {{website}}, {{custom.<field>}}.',
        params: campaignParams,
        body: { $ref: 'CreateStep#' },
        response: {
          201: jsonResponse('Created.', { $ref: 'Step#' }),
          ...problemResponses(...commonApiProblems, templateProblems, campaignNotFound),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const step = stepOf(
        await call(() =>
          campaigns.createStep({ workspaceId, campaignId, step: stepInputFromBody(request.body) }),
        ),
      );
      return reply.code(201).send(step);
    },
  );

  app.patch<{ Params: { id: string; stepId: string }; Body: StepFieldsBody }>(
    '/campaigns/:id/steps/:stepId',
    {
      schema: {
        tags,
        security,
        summary: 'Change the fields present in the body (position moves the step)',
        description: 'On a launched campaign the change applies to emails not yet handed over.',
        params: stepParams,
        body: { $ref: 'UpdateStep#' },
        response: {
          200: jsonResponse('The step after the change.', { $ref: 'Step#' }),
          ...problemResponses(...commonApiProblems, templateProblems, stepNotFound),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const id = resourceId(request.params.stepId, 'step');
      return stepOf(
        await call(
          () =>
            campaigns.updateStep({
              workspaceId,
              campaignId,
              id,
              step: stepInputFromBody(request.body),
              updateMask: { paths: stepMask(request.body) },
            }),
          stepIdField,
        ),
      );
    },
  );

  app.delete<{ Params: { id: string; stepId: string } }>(
    '/campaigns/:id/steps/:stepId',
    {
      schema: {
        tags,
        security,
        summary: 'Delete a step; the later ones move up and its emails not yet handed over are cancelled',
        params: stepParams,
        response: { 204: noContentResponse, ...problemResponses(...commonApiProblems, stepNotFound) },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const campaignId = resourceId(request.params.id, 'campaign');
      const id = resourceId(request.params.stepId, 'step');
      await call(() => campaigns.deleteStep({ workspaceId, campaignId, id }), stepIdField);
      return reply.code(204).send();
    },
  );
}
