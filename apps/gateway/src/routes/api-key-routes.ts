import type { FastifyInstance, FastifyRequest } from 'fastify';
import { notFound } from '@coldreach/errors';
import type { ApiKeyInfo, TenancyStore } from '@coldreach/tenancy';
import { callerOf, type Caller } from '../auth/api-auth';
import { problem, ProblemError } from '../errors/problem';
import { apiSecurity as security, idParamsSchema, noContentResponse } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

const tags = ['account'];

export interface ApiKeyRoutesOptions {
  tenancy: TenancyStore;
}

const ownersOnly: readonly [number, string] = [
  403,
  "Only a workspace's owners, signed in, may create or revoke keys (an API key may not: a leaked key must not mint more).",
];

/** Keys are minted and revoked by signed-in owners only; members and keys may list them. */
function requireOwner(request: FastifyRequest): Caller {
  const caller = callerOf(request);
  if (caller.role !== 'owner') {
    throw new ProblemError(problem(403, 'forbidden', ownersOnly[1]));
  }
  return caller;
}

function toApiKey(info: ApiKeyInfo) {
  return {
    id: info.id,
    name: info.name,
    prefix: info.prefix,
    createdAt: info.createdAt.toISOString(),
    lastUsedAt: info.lastUsedAt?.toISOString() ?? null,
    revokedAt: info.revokedAt?.toISOString() ?? null,
  };
}

/** The workspace's API keys: /api/keys. */
export async function apiKeyRoutes(app: FastifyInstance, { tenancy }: ApiKeyRoutesOptions) {
  app.get(
    '/keys',
    {
      schema: {
        tags,
        security,
        summary: "List the workspace's API keys (never the keys themselves)",
        response: {
          200: jsonResponse('Every key, revoked ones too.', { $ref: 'ApiKeyList#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request) => ({ data: (await tenancy.listApiKeys(callerOf(request).workspaceId)).map(toApiKey) }),
  );

  app.post<{ Body: { name: string } }>(
    '/keys',
    {
      // A replay would have to store the key to answer it again: it is shown once, never stored.
      config: { idempotency: false },
      schema: {
        tags,
        security,
        summary: 'Create an API key (shown once)',
        body: { $ref: 'CreateApiKey#' },
        response: {
          201: jsonResponse('The key, shown this once, and what the listing shows of it.', {
            $ref: 'CreatedApiKey#',
          }),
          ...problemResponses(...commonApiProblems, ownersOnly),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId, userId } = requireOwner(request);
      const { key, apiKey } = await tenancy.createApiKey(workspaceId, request.body.name);
      request.log.info({ apiKeyId: apiKey.id, userId }, 'API key created');
      return reply.code(201).send({ key, apiKey: toApiKey(apiKey) });
    },
  );

  app.delete<{ Params: { id: string } }>(
    '/keys/:id',
    {
      schema: {
        tags,
        security,
        summary: 'Revoke an API key: requests with it are refused from now on',
        params: idParamsSchema({ id: 'API key' }),
        response: {
          204: noContentResponse,
          ...problemResponses(...commonApiProblems, ownersOnly, [404, 'No such key in this workspace.']),
        },
      },
    },
    async (request, reply) => {
      const { workspaceId, userId } = requireOwner(request);
      const { id } = request.params;
      // Another workspace's key is as missing as an unknown one.
      const owned = (await tenancy.listApiKeys(workspaceId)).some((k) => k.id === id);
      if (!owned || !(await tenancy.revokeApiKey(id))) throw notFound(`API key ${id}`);
      request.log.info({ apiKeyId: id, userId }, 'API key revoked');
      return reply.code(204).send();
    },
  );
}
