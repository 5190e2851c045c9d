import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { SelectField, TextField } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import type { StepDraft } from './sequence-editor';
import { useDebounced } from './use-debounced';

const typingPauseMs = 400;

/**
 * The active step rendered for a chosen lead by POST /api/campaigns/preview (the Email service's own
 * rendering), refreshed when typing pauses. The HTML is shown in a sandboxed frame: no script runs,
 * nothing it links to opens here.
 */
export function PreviewPanel({ step, number }: { step: StepDraft | undefined; number: number }) {
  const [search, setSearch] = useState('');
  const [leadId, setLeadId] = useState('');
  const q = useDebounced(search.trim(), typingPauseMs);
  const leads = useQuery({
    queryKey: ['leads', 'preview-picker', q],
    queryFn: () => unwrap(api.GET('/api/leads', { params: { query: { limit: 20, ...(q ? { q } : {}) } } })),
    placeholderData: keepPreviousData,
  });
  const found = leads.data?.data ?? [];
  // The first lead found is previewed until the user picks one.
  useEffect(() => {
    const first = found[0];
    if (first && !found.some((lead) => lead.id === leadId)) setLeadId(first.id);
  }, [found, leadId]);

  const templates = useDebounced(
    { subject: step?.subject ?? '', textBody: step?.textBody ?? '', htmlBody: step?.htmlBody ?? '' },
    typingPauseMs,
  );
  const preview = useQuery({
    queryKey: ['campaign-preview', leadId, templates],
    queryFn: () => unwrap(api.POST('/api/campaigns/preview', { body: { ...templates, leadId } })),
    enabled: Boolean(step && leadId),
    placeholderData: keepPreviousData,
    retry: false,
  });
  const problem = preview.error instanceof ApiError ? preview.error : null;

  return (
    <section className="card preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">Preview</h2>
      <div className="form-row">
        <TextField
          label="Find a lead"
          type="search"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
        />
        <SelectField
          label="Preview for lead"
          value={leadId}
          onChange={(event) => setLeadId(event.target.value)}
        >
          {found.length === 0 && <option value="">No lead found</option>}
          {found.map((lead) => (
            <option key={lead.id} value={lead.id}>
              {[lead.firstName, lead.lastName].filter(Boolean).join(' ') || lead.email} ({lead.email})
            </option>
          ))}
        </SelectField>
      </div>
      {leads.data && found.length === 0 && !q && (
        <p className="hint">
          The preview fills the variables with a lead&apos;s fields: <Link to="/leads">add a lead</Link> to
          see it.
        </p>
      )}
      {!step && <p className="hint">Add a step to preview it.</p>}
      {step && leadId && (
        <div aria-live="polite" aria-busy={preview.isFetching}>
          <p className="hint">
            Step {number}, as this lead will read it (before tracking and the unsubscribe header).
          </p>
          {problem && <ProblemMessage error={problem} />}
          {preview.data && !problem && (
            <>
              <p>
                <strong>Subject:</strong> {preview.data.subject}
              </p>
              <h3>Text</h3>
              <pre className="preview-text">{preview.data.textBody}</pre>
              {preview.data.htmlBody && (
                <>
                  <h3>HTML</h3>
                  <iframe
                    className="preview-html"
                    title={`HTML of step ${number}`}
                    sandbox=""
                    srcDoc={preview.data.htmlBody}
                  />
                </>
              )}
            </>
          )}
        </div>
      )}
    </section>
  );
}
