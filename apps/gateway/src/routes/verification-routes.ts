import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { VerificationJob, VerificationService } from '@coldreach/contracts';
import { emailProblem, normaliseEmail } from '@coldreach/email-address';
import { DomainError, invalidArgument } from '@coldreach/errors';
import { callerOf } from '../auth/api-auth';
import { operationIdOf } from '../idempotency/idempotency-plugin';
import { leadFromClient } from '../mapping/lead-mapping';
import { resourceId } from '../mapping/resource-id';
import { answered, callService as call } from '../mapping/service-call';
import {
  addressVerificationFromProto,
  jobFilterFieldNames,
  jobFilterFromBody,
  verificationJobFromProto,
} from '../mapping/verification-mapping';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import { leadIdParamsSchema } from '../schemas/lead-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import type {
  CreateVerificationJobBody,
  VerificationSettingsBody,
  VerifyAddressBody,
} from '../schemas/verification-schemas';

const tags = ['verification'];
const jobParams = idParamsSchema({ id: 'verification job' });
const jobNotFound = [
  404,
  'No such verification job in this workspace (ids that are not UUIDs included).',
] as const;
const settingsResponse = {
  200: jsonResponse('The settings.', { $ref: 'VerificationSettings#' }),
  ...problemResponses(...commonApiProblems),
};

export interface VerificationRoutesOptions {
  /** Absent where no Scraper service (which verifies) is deployed: every route answers 503. */
  verification: Client<typeof VerificationService> | undefined;
}

const jobOf = (response: { job?: VerificationJob }) =>
  verificationJobFromProto(answered(response.job, 'job'));

/** A verification job's state for GET /api/status/:id. */
export async function getVerificationJob(
  verification: Client<typeof VerificationService>,
  workspaceId: string,
  id: string,
) {
  return jobOf(await call(() => verification.getVerificationJob({ workspaceId, id })));
}

/**
 * Email verification: one lead, a bulk job over a filter, an address alone, and the workspace's
 * settings, translated to VerificationService calls scoped to the caller's workspace.
 */
export async function verificationRoutes(app: FastifyInstance, options: VerificationRoutesOptions) {
  const verifier = () => {
    if (!options.verification) throw new DomainError('unavailable', 'no Verification service is configured');
    return options.verification;
  };
  /** The handler of a route that answers the job its path names (GET, cancel). */
  const answerJob =
    (rpc: 'getVerificationJob' | 'cancelVerificationJob') =>
    async (request: FastifyRequest<{ Params: { id: string } }>) => {
      const { workspaceId } = callerOf(request);
      const service = verifier();
      const id = resourceId(request.params.id, 'verification job');
      return jobOf(await call<{ job?: VerificationJob }>(() => service[rpc]({ workspaceId, id })));
    };

  app.post<{ Params: { id: string } }>(
    '/leads/:id/verify',
    {
      schema: {
        tags,
        security,
        summary: "Check one lead's address now, and record the result on the lead",
        description:
          'Answered when the check is done (seconds with an SMTP probe). The lead shows the verdict in ' +
          '`verification` and the status it means in `verificationStatus`.',
        params: leadIdParamsSchema,
        response: {
          200: jsonResponse('The lead, with its verification.', { $ref: 'Lead#' }),
          ...problemResponses(...commonApiProblems, 404),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const service = verifier();
      const clientId = resourceId(request.params.id, 'lead');
      const response = await call(() => service.verifyClient({ workspaceId, clientId }), {
        client_id: 'params.id',
      });
      return leadFromClient(answered(response.client, 'client'));
    },
  );

  app.post<{ Body: CreateVerificationJobBody }>(
    '/leads/verify',
    {
      schema: {
        tags,
        security,
        summary: 'Check every lead matching a filter (asynchronous: 202, then GET /api/status/{id})',
        description:
          'Each result is recorded on its lead as it comes. Send an Idempotency-Key to retry safely: the ' +
          'same key answers the job the first request created.',
        body: { $ref: 'CreateVerificationJob#' },
        response: {
          202: jsonResponse(
            'Accepted: queued; Location is its status.',
            { $ref: 'VerificationJob#' },
            { location: { type: 'string', description: '/api/status/{id}' } },
          ),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      const service = verifier();
      const job = jobOf(
        await call(
          () =>
            service.createVerificationJob({
              workspaceId,
              filter: jobFilterFromBody(request.body),
              requestId: operationIdOf(request),
            }),
          jobFilterFieldNames,
        ),
      );
      return reply.code(202).header('location', `/api/status/${job.id}`).send(job);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/leads/verify/:id',
    {
      schema: {
        tags,
        security,
        summary: 'One bulk verification job with its progress',
        params: jobParams,
        response: {
          200: jsonResponse('The job.', { $ref: 'VerificationJob#' }),
          ...problemResponses(...commonApiProblems, jobNotFound),
        },
      },
    },
    answerJob('getVerificationJob'),
  );

  app.post<{ Params: { id: string } }>(
    '/leads/verify/:id/cancel',
    {
      schema: {
        tags,
        security,
        summary: 'Stop a queued or running job (results recorded so far stay)',
        description: 'Cancelling a cancelled job returns it unchanged.',
        params: jobParams,
        response: {
          200: jsonResponse('The job, cancelled.', { $ref: 'VerificationJob#' }),
          ...problemResponses(...commonApiProblems, jobNotFound, [
            409,
            'The job has succeeded or failed already.',
          ]),
        },
      },
    },
    answerJob('cancelVerificationJob'),
  );

  app.post<{ Body: VerifyAddressBody }>(
    '/verify',
    {
      schema: {
        tags,
        security,
        summary: 'Check an address without storing anything',
        description: 'A value that is not an email address is refused with 400 naming body.email.',
        body: { $ref: 'VerifyAddress#' },
        response: {
          200: jsonResponse('The verdict, its reasons and the lead status it means.', {
            $ref: 'AddressVerification#',
          }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const service = verifier();
      const email = normaliseEmail(request.body.email);
      const problem = emailProblem(email);
      if (problem) throw invalidArgument([{ field: 'body.email', message: problem }]);
      const response = await call(() => service.verifyAddress({ workspaceId, email }), {
        email: 'body.email',
      });
      return addressVerificationFromProto(response);
    },
  );

  app.get(
    '/settings/verification',
    {
      schema: {
        tags,
        security,
        summary: "The workspace's verification settings",
        response: settingsResponse,
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const service = verifier();
      const response = await call(() => service.getVerificationSettings({ workspaceId }));
      return answered(response.settings, 'settings');
    },
  );

  app.put<{ Body: VerificationSettingsBody }>(
    '/settings/verification',
    {
      schema: {
        tags,
        security,
        summary: "Change the workspace's verification settings",
        body: { $ref: 'VerificationSettings#' },
        response: settingsResponse,
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const service = verifier();
      const response = await call(
        () => service.updateVerificationSettings({ workspaceId, settings: request.body }),
        { settings: 'body' },
      );
      return answered(response.settings, 'settings');
    },
  );
}
