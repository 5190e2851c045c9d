import { useMutation } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { TextField } from '../../ui/Field';
import { FormProblem } from '../../ui/FormProblem';

/** Name → a new key, shown this once in a copyable field with the warning that it cannot be shown again. */
export function CreateKeyForm({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: (keyName: string) => unwrap(api.POST('/api/keys', { body: { name: keyName } })),
    onSuccess: () => {
      setName('');
      onCreated();
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(name.trim());
  };
  const apiError = create.error instanceof ApiError ? create.error : null;

  return (
    <section className="card" aria-labelledby="new-key-heading">
      <h2 id="new-key-heading">Create a key</h2>
      {create.data ? (
        <NewKey name={create.data.apiKey.name} secret={create.data.key} onDone={() => create.reset()} />
      ) : (
        <form onSubmit={submit} noValidate>
          <TextField
            label="Key name"
            required
            maxLength={200}
            value={name}
            onChange={(event) => setName(event.target.value)}
            hint="What will use it, e.g. CRM sync: you will see this name in the list."
            error={apiError?.fieldError('name')}
          />
          <FormProblem error={create.error} claimed={['name']} what="The key was not created" />
          <button type="submit" className="primary" disabled={create.isPending}>
            Create key
          </button>
        </form>
      )}
    </section>
  );
}

function NewKey({ name, secret, onDone }: { name: string; secret: string; onDone: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  // Focus (and so select) the key at once: the next thing to do is copy it.
  useEffect(() => field.current?.focus(), []);
  const copy = () => {
    field.current?.select();
    navigator.clipboard.writeText(secret).then(
      () => setCopied('Copied.'),
      () => setCopied('Copying was refused: the key is selected, press Ctrl+C (⌘C on a Mac).'),
    );
  };
  return (
    <div role="status">
      <p className="warning">
        <strong>Copy the key {name} now.</strong> This is the only time it is shown: Cold Reach keeps only a
        hash of it. If it is lost, revoke it and create another.
      </p>
      <div className="secret">
        <label htmlFor="new-api-key" className="visually-hidden">
          New API key
        </label>
        <input
          id="new-api-key"
          ref={field}
          readOnly
          value={secret}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" onClick={copy}>
          Copy
        </button>
      </div>
      {copied && <p className="hint">{copied}</p>}
      <button type="button" onClick={onDone}>
        I have stored it
      </button>
    </div>
  );
}
