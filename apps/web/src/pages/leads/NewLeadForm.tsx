import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ProblemMessage } from '../../ui/ProblemMessage';
import type { Lead } from './lead-filters';
import { createLeadBody, emptyLeadForm } from './lead-form';
import { LeadFields, leadFieldsClaimed } from './LeadFields';

/** The "new lead" form: what was typed stays until the API accepts it. */
export function NewLeadForm({
  onCreated,
  onCancel,
}: {
  onCreated: (lead: Lead) => void;
  onCancel: () => void;
}) {
  const [values, setValues] = useState(emptyLeadForm);
  const queries = useQueryClient();
  const create = useMutation({
    mutationFn: () => unwrap(api.POST('/api/leads', { body: createLeadBody(values) })),
    onSuccess: async (lead) => {
      await queries.invalidateQueries({ queryKey: ['leads'] });
      onCreated(lead);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="new-lead-heading" noValidate>
      <h2 id="new-lead-heading">New lead</h2>
      <LeadFields values={values} onChange={setValues} error={create.error} withEmail />
      <ProblemMessage error={create.error} claimed={leadFieldsClaimed(create.error)} />
      <div className="actions">
        <button type="submit" className="primary" disabled={create.isPending}>
          {create.isPending ? 'Creating…' : 'Create lead'}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
