// Test support shared by the campaign specs: the campaign's JSON shape and the fields a problem names.
import { waitFor } from '@coldreach/testing';

export interface CampaignJson {
  id: string;
  name: string;
  status: string;
  stepCount: number;
  leadCount: number;
  [field: string]: unknown;
}

/** The fields a problem+json answer names, sorted. */
export const fieldsOf = (response: { json: <T>() => T }) =>
  response
    .json<{ errors?: { field: string }[] }>()
    .errors?.map((e) => e.field)
    .sort() ?? [];

/** The harness's request function, as the helpers below need it. */
type Call = (
  method: string,
  url: string,
  options: { key: string | null; body?: unknown },
) => Promise<{ statusCode: number; json: <T>() => T }>;

/**
 * Adds the lead to the campaign, launches it and waits until its first email is caught; answers
 * that caught message (its JSON, typed by the caller).
 */
export async function launchAndCatchFirst<Message>(
  call: Call,
  { key, campaignId, leadId }: { key: string; campaignId: string; leadId: string },
): Promise<Message> {
  const base = `/api/campaigns/${campaignId}`;
  await call('POST', `${base}/leads`, { key, body: { clientIds: [leadId] } });
  const launched = await call('POST', `${base}/launch`, { key });
  if (launched.statusCode !== 200) throw new Error(`launch answered ${launched.statusCode}`);
  return waitFor(
    async () =>
      (await call('GET', `/api/caught-messages?campaignId=${campaignId}`, { key })).json<{
        data: Message[];
      }>().data[0],
    { timeoutMs: 30_000, what: 'the campaign email to be caught' },
  );
}
