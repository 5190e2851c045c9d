import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { TextField } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { reasonWhy } from './suppression-reasons';

/** Is this address suppressed, and why: asked of the API, so it answers exactly as sending would. */
export function CheckAddressForm() {
  const [email, setEmail] = useState('');
  const check = useMutation({
    mutationFn: async (address: string) => {
      const answer = await unwrap(api.POST('/api/suppressions/check', { body: { emails: [address] } }));
      return { address, entry: answer.suppressed[0] };
    },
  });
  const error = check.error instanceof ApiError ? check.error : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    check.mutate(email.trim());
  };
  const result = check.data;
  return (
    <form className="card" onSubmit={submit} aria-labelledby="check-address-title">
      <h2 id="check-address-title">Check an address</h2>
      <TextField
        label="Address to check"
        type="email"
        required
        value={email}
        onChange={(event) => setEmail(event.target.value)}
        error={error?.fieldError('emails[0]') ?? error?.fieldError('emails')}
      />
      <ProblemMessage error={check.error} claimed={['emails', 'emails[0]']} />
      <div role="status">
        {result &&
          (result.entry ? (
            <p className="problem">
              <strong>{result.entry.email}</strong> is suppressed because {reasonWhy(result.entry.reason)},
              since <Time iso={result.entry.createdAt} />
              {result.entry.note && <> — “{result.entry.note}”</>}.
            </p>
          ) : (
            <p className="notice">
              <strong>{result.address}</strong> is not suppressed: emails may go to it.
            </p>
          ))}
      </div>
      <button type="submit" disabled={check.isPending}>
        Check address
      </button>
    </form>
  );
}
