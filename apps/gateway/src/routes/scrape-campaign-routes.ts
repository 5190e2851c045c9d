import type { FastifyInstance } from 'fastify';
import type { Client } from '@connectrpc/connect';
import type { CampaignService, ClientService, ScrapeResult, ScraperService } from '@coldreach/contracts';
import { callerOf } from '../auth/api-auth';
import { resourceId } from '../mapping/resource-id';
import {
  chosenContacts,
  inBatches,
  namedLeadIds,
  splitByLead,
  type ContactLead,
} from '../mapping/scrape-contact-leads';
import { callService as call, configured } from '../mapping/service-call';
import { apiSecurity as security, idParamsSchema } from '../schemas/common-schemas';
import { commonApiProblems, jsonResponse, problemResponses } from '../schemas/problem-schema';
import { namedWithoutLeadLimit, type AddScrapeContactsBody } from '../schemas/scrape-campaign-schemas';

/** The contract's largest page of results, and its batch limits for clients and campaign leads. */
const resultsPerCall = 500;
const idsPerCall = 1000;

export interface ScrapeCampaignRoutesOptions {
  scraper: Client<typeof ScraperService> | undefined;
  clients: Client<typeof ClientService>;
  campaigns: Client<typeof CampaignService>;
}

const contactLead = (result: ScrapeResult): ContactLead => ({
  id: result.id,
  email: result.email,
  clientId: result.clientId,
});

/** A job's contacts into a campaign as their leads: POST /api/scrape/:id/add-to-campaign. */
export async function scrapeCampaignRoutes(app: FastifyInstance, options: ScrapeCampaignRoutesOptions) {
  const { clients, campaigns } = options;

  app.post<{ Params: { id: string }; Body: AddScrapeContactsBody }>(
    '/scrape/:id/add-to-campaign',
    {
      schema: {
        tags: ['scraping'],
        security,
        summary: "Add a job's contacts (all, or those named) to a campaign as the leads they became",
        description:
          'Contacts that are not leads (not yet, refused or deleted) are skipped and counted, not an ' +
          "error. Leads already in the campaign are left as is. An active campaign schedules the new leads' " +
          "first steps at once. A named contact that is not one of the job's is refused with 400 naming it.",
        params: idParamsSchema({ id: 'scrape job' }),
        body: { $ref: 'AddScrapeContactsToCampaign#' },
        response: {
          200: jsonResponse('What was added and what was skipped.', { $ref: 'ScrapeContactsAdded#' }),
          ...problemResponses(
            ...commonApiProblems,
            [404, 'No such scrape job or campaign in this workspace.'],
            [409, 'The campaign takes no more leads (completed).'],
          ),
        },
      },
    },
    async (request) => {
      const { workspaceId } = callerOf(request);
      const jobId = resourceId(request.params.id, 'scrape job');
      const scraper = configured(options.scraper, 'Scraper service');
      const { campaignId, resultIds } = request.body;
      // The campaign first: a wrong one is named before any contact is read.
      await call(() => campaigns.getCampaign({ workspaceId, id: campaignId }), { id: 'body.campaignId' });

      const contacts: ContactLead[] = [];
      let pageToken = '';
      do {
        const page = await call(
          () => scraper.listScrapeResults({ workspaceId, jobId, pageSize: resultsPerCall, pageToken }),
          { job_id: 'params.id' },
        );
        contacts.push(...page.results.map(contactLead));
        pageToken = page.nextPageToken;
      } while (pageToken !== '');

      const chosen = chosenContacts(contacts, resultIds);
      const missing = new Set<string>();
      for (const ids of inBatches(namedLeadIds(chosen), idsPerCall)) {
        const answer = await call(() => clients.batchGetClients({ workspaceId, ids }));
        for (const id of answer.missingIds) missing.add(id);
      }
      const { leadIds, withoutLead } = splitByLead(chosen, missing);
      let added = 0;
      let alreadyPresent = 0;
      for (const clientIds of inBatches(leadIds, idsPerCall)) {
        const answer = await call(() =>
          campaigns.addLeads({ workspaceId, campaignId, clientIds, useTargetCriteria: false }),
        );
        added += answer.addedCount;
        alreadyPresent += answer.alreadyPresentCount;
      }
      return {
        contacts: chosen.length,
        added,
        alreadyPresent,
        withoutLeadCount: withoutLead.length,
        withoutLead: withoutLead.slice(0, namedWithoutLeadLimit),
      };
    },
  );
}
