import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import { SelectField } from './Field';
import { ProblemMessage } from './ProblemMessage';

/** The API takes at most this many lead ids per call (AddLeads.clientIds). */
const idsPerCall = 1000;

/**
 * Pick a campaign (draft, active or paused: a completed one takes no leads) and add the given leads
 * to it with POST /api/campaigns/:id/leads, saying how many joined and how many were in it already.
 */
export function AddToCampaign({ leadIds, note }: { leadIds: readonly string[]; note?: ReactNode }) {
  const [campaignId, setCampaignId] = useState('');
  const campaigns = useQuery({
    queryKey: ['campaigns', 'open-for-leads'],
    queryFn: () =>
      unwrap(api.GET('/api/campaigns', { params: { query: { limit: 100, status: 'draft,active,paused' } } })),
  });
  const add = useMutation({
    mutationFn: async ({ id, ids }: { id: string; ids: readonly string[] }) => {
      const total = { added: 0, alreadyPresent: 0 };
      for (let start = 0; start < ids.length; start += idsPerCall) {
        const answer = await unwrap(
          api.POST('/api/campaigns/{id}/leads', {
            params: { path: { id } },
            body: { clientIds: ids.slice(start, start + idsPerCall) },
          }),
        );
        total.added += answer.added;
        total.alreadyPresent += answer.alreadyPresent;
      }
      return total;
    },
  });
  const chosen = campaigns.data?.data.find((campaign) => campaign.id === campaignId);
  const list = campaigns.data?.data ?? [];

  return (
    <div className="add-to-campaign">
      <SelectField
        label="Campaign"
        value={campaignId}
        onChange={(event) => {
          setCampaignId(event.target.value);
          add.reset();
        }}
        hint={
          list.length === 0 && campaigns.isSuccess
            ? 'No campaign can take leads yet: create one first.'
            : undefined
        }
      >
        <option value="">Choose a campaign…</option>
        {list.map((campaign) => (
          <option key={campaign.id} value={campaign.id}>
            {campaign.name} ({campaign.status})
          </option>
        ))}
      </SelectField>
      <button
        type="button"
        disabled={!chosen || leadIds.length === 0 || add.isPending}
        onClick={() => chosen && add.mutate({ id: chosen.id, ids: leadIds })}
      >
        Add to campaign
      </button>
      {note}
      <ProblemMessage error={campaigns.error ?? add.error} />
      {add.data && chosen && (
        <p className="notice" role="status">
          {add.data.added} added to {chosen.name}
          {add.data.alreadyPresent > 0 && `; ${add.data.alreadyPresent} were in it already`}.
        </p>
      )}
    </div>
  );
}
