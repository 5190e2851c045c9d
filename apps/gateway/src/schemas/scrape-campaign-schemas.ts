// JSON schemas of POST /api/scrape/{id}/add-to-campaign: a job's contacts put into a campaign as the
// leads they became, without the caller mapping contacts to lead ids or tripping on one that is not
// a lead (AddLeads fails the whole call on a missing id).

/** Emails of contacts without a lead named in an answer; the count covers the rest. */
export const namedWithoutLeadLimit = 100;

export const addScrapeContactsBodySchema = {
  $id: 'AddScrapeContactsToCampaign',
  type: 'object',
  additionalProperties: false,
  required: ['campaignId'],
  properties: {
    campaignId: { type: 'string', format: 'uuid', description: 'A campaign of the workspace.' },
    resultIds: {
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: { type: 'string', format: 'uuid' },
      description: "These contacts of the job (ScrapeResult ids); absent for all of the job's contacts.",
    },
  },
} as const;

export const scrapeContactsAddedSchema = {
  $id: 'ScrapeContactsAdded',
  type: 'object',
  required: ['contacts', 'added', 'alreadyPresent', 'withoutLeadCount', 'withoutLead'],
  properties: {
    contacts: { type: 'integer', description: 'Contacts considered (distinct leads and those without).' },
    added: { type: 'integer', description: 'Leads that joined the campaign with this call.' },
    alreadyPresent: { type: 'integer', description: 'Leads that were in the campaign already.' },
    withoutLeadCount: {
      type: 'integer',
      description:
        'Contacts that are not a lead (yet: leads are created moments after a page is read; or the ' +
        'lead was refused or deleted): not added.',
    },
    withoutLead: {
      type: 'array',
      items: { type: 'string' },
      description: `The emails of the first ${namedWithoutLeadLimit} of them.`,
    },
  },
} as const;

export const scrapeCampaignSchemas = [addScrapeContactsBodySchema, scrapeContactsAddedSchema];

export interface AddScrapeContactsBody {
  campaignId: string;
  resultIds?: string[];
}
