import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { SelectField, TextField } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import type { StepDraft } from './sequence-editor';
import { StepPreview, typingPauseMs } from './StepPreview';
import { useDebounced } from './use-debounced';

const leadName = (lead: { firstName: string; lastName: string; email: string }) =>
  [lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email;

/** Every step as the chosen lead will read it: the lead found by a search, the first match by default. */
export function PreviewPanel({ steps }: { steps: StepDraft[] }) {
  const [search, setSearch] = useState('');
  const [picked, setPicked] = useState('');
  const q = useDebounced(search.trim(), typingPauseMs);
  const leads = useQuery({
    queryKey: ['leads', 'preview-picker', q],
    queryFn: () => unwrap(api.GET('/api/leads', { params: { query: { limit: 20, ...(q ? { q } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const found = leads.data?.data;
  const leadId = found?.some((lead) => lead.id === picked) ? picked : (found?.[0]?.id ?? '');
  // A pick that left the matches falls back to the first match; keep the select showing it.
  useEffect(() => {
    if (leadId !== picked) setPicked(leadId);
  }, [leadId, picked]);

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
      <SelectField label="Lead shown" value={leadId} onChange={(event) => setPicked(event.target.value)}>
        {found?.length === 0 && <option value="">No lead matches</option>}
        {found?.map((lead) => (
          <option key={lead.id} value={lead.id}>
            {leadName(lead)} ({lead.email})
          </option>
        ))}
      </SelectField>
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
