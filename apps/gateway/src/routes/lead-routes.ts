import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { Client as ClientMessage, ClientService } from '@coldreach/contracts';
import { DomainError, invalidArgument } from '@coldreach/errors';
import { callerOf } from '../auth/api-auth';
import { resourceId } from '../mapping/resource-id';
import { callService as call } from '../mapping/service-call';
import { clientInputFromBody, leadFromClient, updateMaskFromBody } from '../mapping/lead-mapping';
import { listClientsRequestFrom } from '../mapping/lead-listing';
import {
  type CreateLeadBody,
  type ListLeadsQuery,
  type UpdateLeadBody,
  leadIdParamsSchema,
  listLeadsQuerySchema,
} from '../schemas/lead-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

const security = [{ bearerAuth: [] }];
const tags = ['leads'];

/** The lead in a Client service answer; one without it is a broken peer, not the caller's fault. */
function leadOf(response: { client?: ClientMessage }) {
  if (!response.client) throw new DomainError('internal', 'the Client service answered without a client');
  return leadFromClient(response.client);
}

/**
 * What names the lead of a request's path in a ClientService call: the caller's workspace and the
 * id. An id that cannot exist (not a UUID) is simply not found; the Client service is not asked.
 * Taken before `call`, which would turn that 404 into a 500.
 */
function leadKey(request: FastifyRequest<{ Params: { id: string } }>): { workspaceId: string; id: string } {
  return { workspaceId: callerOf(request).workspaceId, id: resourceId(request.params.id, 'lead') };
}

/** The answers of a route about one existing lead: the lead, or why not (404 when there is none). */
const oneLead = (description: string) => ({
  200: jsonResponse(description, { $ref: 'Lead#' }),
  ...problemResponses(...commonApiProblems, 404),
});

/** CRUD over /api/leads, translated to ClientService calls scoped to the caller's workspace. */
export async function leadRoutes(app: FastifyInstance, opts: { clients: Client<typeof ClientService> }) {
  const { clients } = opts;

  app.post<{ Body: CreateLeadBody }>(
    '/leads',
    {
      schema: {
        tags,
        security,
        summary: 'Create a lead',
        body: { $ref: 'CreateLead#' },
        response: {
          201: jsonResponse('Created; the Location header names the new lead.', { $ref: 'Lead#' }),
          ...problemResponses(...commonApiProblems, 409),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId } = callerOf(request);
      try {
        const response = await call(() =>
          clients.createClient({ workspaceId, client: clientInputFromBody(request.body) }),
        );
        const lead = leadOf(response);
        return reply.code(201).header('location', `/api/leads/${lead.id}`).send(lead);
      } catch (error) {
        if (error instanceof DomainError && error.code === 'already_exists') {
          const email = request.body.email.trim().toLowerCase();
          throw new DomainError(
            'already_exists',
            `A lead with email ${email} already exists in this workspace.`,
          );
        }
        throw error;
      }
    },
  );

  app.get<{ Querystring: ListLeadsQuery }>(
    '/leads',
    {
      schema: {
        tags,
        security,
        summary: 'List leads, newest (or oldest) first, with filters and cursor pagination',
        querystring: listLeadsQuerySchema,
        response: {
          200: jsonResponse('One page of leads.', { $ref: 'LeadPage#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const query = request.query;
      const response = await call(() =>
        clients.listClients({
          ...listClientsRequestFrom(workspaceId, query),
          pageSize: query.limit,
          pageToken: query.cursor ?? '',
        }),
      );
      return { data: response.clients.map(leadFromClient), nextCursor: response.nextPageToken || null };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/leads/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Get one lead',
        params: leadIdParamsSchema,
        response: oneLead('The lead.'),
      },
    },
    async (request) => {
      const key = leadKey(request);
      return leadOf(await call(() => clients.getClient(key)));
    },
  );

  app.patch<{ Params: { id: string }; Body: UpdateLeadBody }>(
    '/leads/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Change the fields present in the body',
        params: leadIdParamsSchema,
        body: { $ref: 'UpdateLead#' },
        response: oneLead('The lead after the change.'),
      },
    },
    async (request) => {
      const key = leadKey(request);
      if ('email' in request.body) {
        throw invalidArgument([
          { field: 'body.email', message: "email cannot be changed: it is the lead's identity" },
        ]);
      }
      const response = await call(() =>
        clients.updateClient({
          ...key,
          client: clientInputFromBody(request.body),
          updateMask: { paths: updateMaskFromBody(request.body) },
        }),
      );
      return leadOf(response);
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/leads/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Delete one lead',
        params: leadIdParamsSchema,
        response: {
          204: { description: 'Deleted.', type: 'null' },
          ...problemResponses(...commonApiProblems, 404),
        },
      },
    },
    async (request, reply) => {
      const key = leadKey(request);
      await call(() => clients.deleteClient(key));
      return reply.code(204).send();
    },
  );
}
