import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import { addInBatches, type AddOutcome } from './add-in-batches';
import { SelectField } from './Field';
import { ProblemMessage } from './ProblemMessage';

/** Leads by id into a campaign (POST /api/campaigns/:id/leads). */
export function addLeadsToCampaign(campaignId: string, leadIds: readonly string[]): Promise<AddOutcome> {
  return addInBatches(leadIds, (clientIds) =>
    unwrap(
      api.POST('/api/campaigns/{id}/leads', { params: { path: { id: campaignId } }, body: { clientIds } }),
    ),
  );
}

/**
 * Pick a campaign (draft, active or paused: a completed one takes no leads) and run `add` for it,
 * saying how many joined, how many were in it already and what was left out.
 */
export function AddToCampaign({
  count,
  add,
  note,
}: {
  /** How many would be added: none disables the button. */
  count: number;
  add: (campaignId: string) => Promise<AddOutcome>;
  note?: ReactNode;
}) {
  const [campaignId, setCampaignId] = useState('');
  const campaigns = useQuery({
    queryKey: ['campaigns', 'open-for-leads'],
    queryFn: () =>
      unwrap(api.GET('/api/campaigns', { params: { query: { limit: 100, status: 'draft,active,paused' } } })),
  });
  const run = useMutation({ mutationFn: (id: string) => add(id) });
  const list = campaigns.data?.data ?? [];
  const chosen = list.find((campaign) => campaign.id === campaignId);

  return (
    <div className="add-to-campaign">
      <SelectField
        label="Campaign"
        value={campaignId}
        onChange={(event) => {
          setCampaignId(event.target.value);
          run.reset();
        }}
        hint={
          campaigns.isSuccess && list.length === 0
            ? 'No campaign can take leads: create one first.'
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
        disabled={!chosen || count === 0 || run.isPending}
        onClick={() => chosen && run.mutate(chosen.id)}
      >
        Add to campaign
      </button>
      {note}
      <ProblemMessage error={campaigns.error ?? run.error} />
      {run.data && chosen && (
        <p className="notice" role="status">
          {run.data.added} added to {chosen.name}
          {run.data.alreadyPresent > 0 && `; ${run.data.alreadyPresent} were in it already`}.
          {run.data.skipped && ` ${run.data.skipped}`}
        </p>
      )}
    </div>
  );
}
