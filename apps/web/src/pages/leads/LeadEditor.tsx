import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ProblemMessage } from '../../ui/ProblemMessage';
import type { Lead } from './lead-filters';
import { formFromLead, updateLeadBody, type LeadFormValues } from './lead-form';
import { LeadFields, leadFieldsClaimed } from './LeadFields';

/** The lead's fields as a form: only what changed is sent; a refusal keeps what was typed. */
export function LeadEditor({ lead, onSaved }: { lead: Lead; onSaved: (lead: Lead) => Promise<void> }) {
  const [values, setValues] = useState<LeadFormValues>(() => formFromLead(lead));
  const [saved, setSaved] = useState(false);
  const body = updateLeadBody(lead, values);
  const save = useMutation({
    mutationFn: async () =>
      body ? unwrap(api.PATCH('/api/leads/{id}', { params: { path: { id: lead.id } }, body })) : lead,
    onSuccess: async (next) => {
      // The form now shows the lead as stored (the API trims and normalises what it keeps).
      setValues(formFromLead(next));
      setSaved(true);
      await onSaved(next);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    save.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="lead-edit">
      <h2 id="lead-edit">Edit</h2>
      <LeadFields
        values={values}
        onChange={(next) => {
          setValues(next);
          setSaved(false);
        }}
        error={save.error}
        withEmail={false}
      />
      <ProblemMessage error={save.error} claimed={leadFieldsClaimed(save.error)} />
      {saved && (
        <p className="notice" role="status">
          Saved.
        </p>
      )}
      <button type="submit" className="primary" disabled={!body || save.isPending}>
        {save.isPending ? 'Saving…' : 'Save changes'}
      </button>
    </form>
  );
}
