import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { TextField } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { reasonLabel } from './suppression-reasons';

/** Suppress an address by hand, with a note of why; what was typed stays when the API refuses it. */
export function AddSuppressionForm() {
  const [email, setEmail] = useState('');
  const [note, setNote] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const queries = useQueryClient();
  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST('/api/suppressions', {
          body: { email: email.trim(), ...(note.trim() ? { note: note.trim() } : {}) },
        }),
      ),
    onSuccess: async (entry) => {
      setDone(`${entry.email} is on the list (${reasonLabel(entry.reason).toLowerCase()}).`);
      setEmail('');
      setNote('');
      await queries.invalidateQueries({ queryKey: ['suppressions'] });
    },
  });
  const error = add.error instanceof ApiError ? add.error : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setDone(null);
    add.mutate();
  };
  return (
    <form className="card" onSubmit={submit} aria-labelledby="add-suppression-title">
      <h2 id="add-suppression-title">Suppress an address</h2>
      <p className="hint">No email of this workspace goes to it afterwards, from any campaign or mailbox.</p>
      <TextField
        label="Address to suppress"
        type="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={error?.fieldError('email')}
      />
      <TextField
        label="Note"
        value={note}
        maxLength={1000}
        onChange={(event) => setNote(event.target.value)}
        error={error?.fieldError('note')}
        hint="Optional: why, for whoever reads the list later."
      />
      <ProblemMessage error={add.error} claimed={['email', 'note']} />
      {done && (
        <p className="notice" role="status">
          {done}
        </p>
      )}
      <button type="submit" className="primary" disabled={add.isPending}>
        Add suppression
      </button>
    </form>
  );
}
