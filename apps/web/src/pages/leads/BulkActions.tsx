import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { AddToCampaign, addLeadsToCampaign } from '../../ui/AddToCampaign';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { TextField } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import {
  bulkIdsPerCall,
  bulkOutcome,
  mergeBulkResults,
  type BulkAction,
  type BulkResult,
} from './bulk-outcome';

/** Sends one bulk action for every selected id, 500 per call, one call after another. */
async function runBulk(action: BulkAction, ids: readonly string[], tag?: string): Promise<BulkResult> {
  const results: BulkResult[] = [];
  for (let start = 0; start < ids.length; start += bulkIdsPerCall) {
    const body = { action, ids: ids.slice(start, start + bulkIdsPerCall), ...(tag ? { tag } : {}) };
    results.push(await unwrap(api.POST('/api/leads/bulk', { body })));
  }
  return mergeBulkResults(action, results);
}

/** What can be done to the selected leads: add to a campaign, tag, verify, delete; each says what it did. */
export function BulkActions({
  ids,
  emailOf,
  onDeleted,
}: {
  ids: string[];
  emailOf: (id: string) => string | undefined;
  onDeleted: () => void;
}) {
  const queries = useQueryClient();
  const [tag, setTag] = useState('');
  const [confirming, setConfirming] = useState(false);
  const bulk = useMutation({
    mutationFn: ({ action, tag }: { action: BulkAction; tag?: string }) => runBulk(action, ids, tag),
    onSuccess: async (result) => {
      setConfirming(false);
      if (result.action === 'delete') onDeleted();
      if (result.action === 'addTag') setTag('');
      await queries.invalidateQueries({ queryKey: ['leads'] });
    },
  });
  const outcome = bulk.data ? bulkOutcome(bulk.data, emailOf) : undefined;
  const none = ids.length === 0;

  return (
    <section className="card" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading">
        {none
          ? 'Select leads to act on them'
          : `${ids.length} ${ids.length === 1 ? 'lead' : 'leads'} selected`}
      </h2>
      <div className="bulk-bar">
        <AddToCampaign count={ids.length} add={(campaignId) => addLeadsToCampaign(campaignId, ids)} />
        <form
          className="inline-form"
          onSubmit={(event) => {
            event.preventDefault();
            if (tag.trim() !== '') bulk.mutate({ action: 'addTag', tag: tag.trim() });
          }}
        >
          <TextField
            label="Tag to add"
            value={tag}
            onChange={(event) => setTag(event.target.value)}
            maxLength={64}
          />
          <button type="submit" disabled={none || tag.trim() === '' || bulk.isPending}>
            Add tag
          </button>
        </form>
        <button
          type="button"
          disabled={none || bulk.isPending}
          onClick={() => bulk.mutate({ action: 'verify' })}
        >
          Verify
        </button>
        <button
          type="button"
          className="danger"
          disabled={none || bulk.isPending}
          onClick={() => setConfirming(true)}
        >
          Delete
        </button>
      </div>
      {bulk.isPending && !confirming && (
        <p role="status" className="loading">
          Working on {ids.length} leads…
        </p>
      )}
      {!confirming && <ProblemMessage error={bulk.error} />}
      {outcome && (
        <div className="notice" role="status">
          <p>{outcome.summary}</p>
          {outcome.failures.length > 0 && (
            <ul>
              {outcome.failures.map((failure) => (
                <li key={failure.who}>
                  {failure.who}: {failure.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <ConfirmDialog
        open={confirming}
        title={`Delete ${ids.length} ${ids.length === 1 ? 'lead' : 'leads'}?`}
        confirmLabel="Delete leads"
        danger
        busy={bulk.isPending}
        error={bulk.error}
        onConfirm={() => bulk.mutate({ action: 'delete' })}
        onCancel={() => {
          setConfirming(false);
          bulk.reset();
        }}
      >
        <p>They are removed from this workspace, with their fields and tags. This cannot be undone.</p>
      </ConfirmDialog>
    </section>
  );
}
