import { useQueries } from '@tanstack/react-query';
import { api, unwrap } from '../../api/client';

/**
 * The names of the campaigns and mailboxes a page of rows refers to by id, one GET per distinct
 * id (cached across pages): the name, null when it could not be had (deleted since), undefined
 * while the answer is on its way.
 */
export function useResourceNames(campaignIds: readonly (string | null)[], mailboxIds: readonly string[]) {
  const campaigns = distinct(campaignIds);
  const mailboxes = distinct(mailboxIds);
  const answers = useQueries({
    queries: [
      ...campaigns.map((id) => ({
        queryKey: ['names', 'campaign', id],
        queryFn: async () =>
          (await unwrap(api.GET('/api/campaigns/{id}', { params: { path: { id } } }))).name,
        staleTime: 60_000,
        retry: false,
      })),
      ...mailboxes.map((id) => ({
        queryKey: ['names', 'mailbox', id],
        queryFn: async () => {
          const mailbox = await unwrap(api.GET('/api/mailboxes/{id}', { params: { path: { id } } }));
          return `${mailbox.name} <${mailbox.fromAddress}>`;
        },
        staleTime: 60_000,
        retry: false,
      })),
    ],
  });
  const named = (ids: string[], offset: number) =>
    new Map(
      ids.map((id, index) => {
        const answer = answers[offset + index];
        return [id, answer?.isError ? null : answer?.data];
      }),
    );
  const campaignNames = named(campaigns, 0);
  const mailboxNames = named(mailboxes, campaigns.length);
  return {
    campaign: (id: string | null) => (id === null ? undefined : campaignNames.get(id)),
    mailbox: (id: string) => mailboxNames.get(id),
  };
}

function distinct(ids: readonly (string | null)[]): string[] {
  return [...new Set(ids.filter((id): id is string => id !== null && id !== ''))];
}
