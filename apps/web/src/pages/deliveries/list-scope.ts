const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** What a list is narrowed to by its link (?campaignId=, ?mailboxId=): ids the API would take only. */
export interface ListScope {
  campaignId?: string;
  mailboxId?: string;
}

/**
 * The scope named by a page's query parameters. Anything that is not a UUID is dropped (the API
 * would answer 400 for the whole list), so a mangled link shows everything instead of an error.
 */
export function listScopeOf(params: URLSearchParams): ListScope {
  const scope: ListScope = {};
  const campaignId = params.get('campaignId');
  const mailboxId = params.get('mailboxId');
  if (campaignId && uuid.test(campaignId)) scope.campaignId = campaignId;
  if (mailboxId && uuid.test(mailboxId)) scope.mailboxId = mailboxId;
  return scope;
}
