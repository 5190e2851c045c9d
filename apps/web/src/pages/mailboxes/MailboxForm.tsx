import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { ApiError } from '../../api/problem';
import { TextField } from '../../ui/Field';
import { ProblemMessage } from '../../ui/ProblemMessage';
import {
  createBodyOf,
  emptyMailboxForm,
  formOf,
  updateBodyOf,
  type FormErrors,
  type Mailbox,
  type MailboxForm as Form,
  type MailboxFormField,
} from './mailbox-form';
import { TestResult } from './TestResult';

const fields: MailboxFormField[] = [
  'name',
  'fromName',
  'fromAddress',
  'smtpUrl',
  'imapUrl',
  'dailyCap',
  'domainHourlyCap',
];

/**
 * Adds a mailbox, or edits one (`saved`). The URLs are write-only: editing shows them blank and a
 * blank one keeps what is saved. A refused save keeps everything typed, each error by its field.
 */
export function MailboxForm({
  saved,
  onDone,
}: {
  saved?: Mailbox;
  onDone: (message: string | null) => void;
}) {
  const [form, setForm] = useState<Form>(saved ? formOf(saved) : emptyMailboxForm);
  const [localErrors, setLocalErrors] = useState<FormErrors>({});
  const queries = useQueryClient();
  const save = useMutation({
    mutationFn: async (current: Form) => {
      if (!saved) {
        const built = createBodyOf(current);
        if (built.errors) return { errors: built.errors };
        return { mailbox: await unwrap(api.POST('/api/mailboxes', { body: built.body })) };
      }
      const built = updateBodyOf(current, saved);
      if ('unchanged' in built) return { unchanged: true };
      if (built.errors) return { errors: built.errors };
      const path = { id: saved.id };
      return {
        mailbox: await unwrap(api.PATCH('/api/mailboxes/{id}', { params: { path }, body: built.body })),
      };
    },
    onSuccess: async (result) => {
      if ('errors' in result && result.errors) return setLocalErrors(result.errors);
      await queries.invalidateQueries({ queryKey: ['mailboxes'] });
      if ('mailbox' in result && result.mailbox) {
        onDone(`${result.mailbox.name} <${result.mailbox.fromAddress}> is ${saved ? 'saved' : 'added'}.`);
      } else onDone(null);
    },
  });
  const testSmtp = useMutation({
    mutationFn: (smtpUrl: string) => unwrap(api.POST('/api/mailboxes/test', { body: { smtpUrl } })),
  });

  const apiError = save.error instanceof ApiError ? save.error : undefined;
  const errorOf = (field: MailboxFormField) => localErrors[field] ?? apiError?.fieldError(field);
  const set = (field: keyof Form) => (value: string | boolean) =>
    setForm((current) => ({ ...current, [field]: value }));
  const text = (field: MailboxFormField) => ({
    value: form[field],
    onChange: (event: { target: { value: string } }) => set(field)(event.target.value),
    error: errorOf(field),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setLocalErrors({});
    save.mutate(form);
  };

  return (
    <form className="card" onSubmit={submit} aria-label={saved ? `Edit ${saved.name}` : 'New mailbox'}>
      {!saved && <h2>New mailbox</h2>}
      <div className="two-columns">
        <TextField
          label="Name"
          required={!saved}
          maxLength={200}
          {...text('name')}
          hint="A label for you, e.g. “Sales – Ann”."
        />
        <TextField label="From name" maxLength={200} {...text('fromName')} hint="The name recipients see." />
      </div>
      <TextField label="From address" type="email" required={!saved} {...text('fromAddress')} />
      <TextField
        label={saved ? 'New SMTP URL' : 'SMTP URL'}
        type="password"
        autoComplete="off"
        spellCheck={false}
        disabled={form.removeSmtpUrl}
        {...text('smtpUrl')}
        hint={
          <>
            <code>smtp://user:password@smtp.example.com:587</code> (STARTTLS) or{' '}
            <code>smtps://user:password@smtp.example.com:465</code> (TLS); write <code>@</code> in a user name
            or password as <code>%40</code>. Stored encrypted and never shown again.{' '}
            {saved
              ? 'Leave it blank to keep the saved one.'
              : 'Leave it blank to use the platform’s default SMTP server; in local mode there is none and emails are caught (see Caught mail).'}
          </>
        }
      />
      {saved && saved.smtpHost !== null && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.removeSmtpUrl}
            onChange={(event) => set('removeSmtpUrl')(event.target.checked)}
          />
          Remove its SMTP URL (use the platform’s default SMTP server, or catch its emails in local mode)
        </label>
      )}
      <div className="actions">
        <button
          type="button"
          disabled={!form.smtpUrl.trim() || form.removeSmtpUrl || testSmtp.isPending}
          onClick={() => testSmtp.mutate(form.smtpUrl.trim())}
        >
          {testSmtp.isPending ? 'Testing…' : 'Test this SMTP URL'}
        </button>
      </div>
      <TestResult test={testSmtp} what="SMTP" />
      <TextField
        label={saved ? 'New IMAP URL' : 'IMAP URL'}
        type="password"
        autoComplete="off"
        spellCheck={false}
        disabled={form.removeImapUrl}
        {...text('imapUrl')}
        hint={
          <>
            Optional: <code>imaps://user:password@imap.example.com:993</code>. Its inbox is read for replies,
            bounces and complaints. {saved ? 'Leave it blank to keep the saved one.' : ''}
          </>
        }
      />
      {saved && saved.imapHost !== null && (
        <label className="checkbox">
          <input
            type="checkbox"
            checked={form.removeImapUrl}
            onChange={(event) => set('removeImapUrl')(event.target.checked)}
          />
          Stop reading its inbox (remove the IMAP URL)
        </label>
      )}
      <div className="two-columns">
        <TextField
          label="Daily cap"
          inputMode="numeric"
          {...text('dailyCap')}
          hint="Emails a UTC day; blank on a new mailbox means 200."
        />
        <TextField
          label="Per-domain hourly cap"
          inputMode="numeric"
          {...text('domainHourlyCap')}
          hint="Emails an hour to one recipient domain; 0 for no limit."
        />
      </div>
      <ProblemMessage error={save.error} claimed={fields} />
      <div className="actions">
        <button type="submit" className="primary" disabled={save.isPending}>
          {saved ? 'Save changes' : 'Save mailbox'}
        </button>
        <button type="button" onClick={() => onDone(null)} disabled={save.isPending}>
          Cancel
        </button>
      </div>
    </form>
  );
}
