import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { ClientService, VerificationService } from '@coldreach/contracts';
import { DomainError, invalidArgument } from '@coldreach/errors';
import { isUuid } from '@coldreach/ids';
import { callerOf } from '../auth/api-auth';
import { forEachBounded } from '../bulk/for-each-bounded';
import { callService as call, configured } from '../mapping/service-call';
import { apiSecurity as security } from '../schemas/common-schemas';
import type { LeadBulkBody, LeadBulkResult } from '../schemas/lead-bulk-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';

export interface LeadBulkRoutesOptions {
  clients: Client<typeof ClientService>;
  verification?: Client<typeof VerificationService> | undefined;
}

// Enough to finish 500 quick calls promptly without one caller occupying a service's every
// connection; verification probes a mail server per lead, so it goes slower.
const concurrency = { delete: 8, addTag: 8, removeTag: 8, verify: 4 } as const;

const notFound = 'no such lead in this workspace';

/** Why one lead failed, for a person: the service's message, or a plain word for not found. */
function reasonOf(error: unknown): string {
  if (error instanceof DomainError) return error.code === 'not_found' ? notFound : error.message;
  return 'the action failed';
}

/** POST /api/leads/bulk: delete, tag, untag or verify up to 500 leads, each reported. */
export async function leadBulkRoutes(app: FastifyInstance, opts: LeadBulkRoutesOptions) {
  const { clients } = opts;
  app.post<{ Body: LeadBulkBody }>(
    '/leads/bulk',
    {
      schema: {
        tags: ['leads'],
        security,
        summary: 'Do one action to many leads (delete, add or remove a tag, verify), each reported',
        description:
          'Each lead is handled on its own: one that fails (not found, a service error) is listed in ' +
          '`failed` with the reason and the others go on. Adding a tag a lead has, or removing one it ' +
          'lacks, counts as done.',
        body: { $ref: 'LeadBulkAction#' },
        response: {
          200: jsonResponse('What was done.', { $ref: 'LeadBulkResult#' }),
          ...problemResponses(...commonApiProblems),
        },
      },
    },
    async (request): Promise<LeadBulkResult> => {
      const { workspaceId } = callerOf(request);
      const { action, tag } = request.body;
      if ((action === 'addTag' || action === 'removeTag') && tag === undefined) {
        throw invalidArgument([{ field: 'body.tag', message: `is required for ${action}` }]);
      }
      const ids = [...new Set(request.body.ids.map((id) => id.toLowerCase()))];
      const known = ids.filter(isUuid);
      const verifier =
        action === 'verify' ? configured(opts.verification, 'Verification service') : undefined;
      let work: (id: string) => Promise<void>;
      if (action === 'delete') {
        work = async (id) => void (await call(() => clients.deleteClient({ workspaceId, id })));
      } else if (verifier) {
        work = async (id) => void (await call(() => verifier.verifyClient({ workspaceId, clientId: id })));
      } else {
        const batch =
          known.length > 0
            ? await call(() => clients.batchGetClients({ workspaceId, ids: known }))
            : undefined;
        const tagsOf = new Map((batch?.clients ?? []).map((client) => [client.id, client.tags]));
        work = async (id) => {
          const tags = tagsOf.get(id);
          if (!tags) throw new DomainError('not_found', notFound);
          const next = action === 'addTag' ? [...new Set([...tags, tag!])] : tags.filter((t) => t !== tag);
          if (next.length === tags.length && next.every((t, i) => t === tags[i])) return;
          await call(() =>
            clients.updateClient({
              workspaceId,
              id,
              client: { tags: next },
              updateMask: { paths: ['tags'] },
            }),
          );
        };
      }
      const outcomes = await forEachBounded(known, concurrency[action], work);
      const failed = [
        ...ids.filter((id) => !isUuid(id)).map((id) => ({ id, reason: notFound })),
        ...known.flatMap((id, index) => (outcomes[index] ? [{ id, reason: reasonOf(outcomes[index]) }] : [])),
      ];
      return { action, succeeded: ids.length - failed.length, failed };
    },
  );
}
