import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { TextField } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import type { StepDraft } from './sequence-editor';
import { StepPreview, typingPauseMs } from './StepPreview';
import { useDebounced } from './use-debounced';

const leadName = (lead: { firstName: string; lastName: string; email: string }) =>
  [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email;

/**
 * Every step as the chosen lead will read it: the lead found by a search (the first five matches as
 * radio buttons, the first one chosen until another is).
 */
export function PreviewPanel({ steps }: { steps: StepDraft[] }) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState('');
  const q = useDebounced(search.trim(), typingPauseMs);
  const leads = useQuery({
    queryKey: ['leads', 'preview-picker', q],
    queryFn: () => unwrap(api.GET('/api/leads', { params: { query: { limit: 5, ...(q ? { q } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const found = leads.data?.data;
  // A pick that left the matches falls back to the first match.
  const leadId = found?.some((lead) => lead.id === picked) ? picked : (found?.[0]?.id ?? '');

  return (
    <section className="card preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <TextField
        label="Preview for lead"
        type="search"
        placeholder="Name, email or company"
        hint="The variables are filled with this lead's fields, exactly as when the email is sent."
        value={search}
        onChange={(event) => setSearch(event.target.value)}
      />
      {found && found.length > 0 && (
        <fieldset className="field check-group">
          <legend>Lead shown</legend>
          {found.map((lead) => (
            <label key={lead.id} className="check">
              <input
                type="radio"
                name="preview-lead"
                value={lead.id}
                checked={lead.id === leadId}
                onChange={() => setPicked(lead.id)}
              />{' '}
              {leadName(lead)} ({lead.email})
            </label>
          ))}
        </fieldset>
      )}
      {found?.length === 0 && q && <p className="hint">No lead matches “{q}”.</p>}
      <ProblemMessage error={leads.error} />
      {found?.length === 0 && !q && (
        <p className="hint">
          There is no lead to preview with yet: <Link to="/leads">add a lead</Link>.
        </p>
      )}
      {leadId &&
        steps.map((step, index) => (
          <StepPreview key={step.key} step={step} number={index + 1} leadId={leadId} />
        ))}
    </section>
  );
}
