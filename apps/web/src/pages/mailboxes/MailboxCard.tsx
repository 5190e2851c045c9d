import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { Badge } from '../../ui/Page';
import { Time } from '../../ui/Time';
import { capsOf, smtpEndpointOf, type Mailbox } from './mailbox-form';
import { MailboxForm } from './MailboxForm';
import { TestResult } from './TestResult';

/** One mailbox: where it sends from, its caps and inbox, its connection tests, edit and delete. */
export function MailboxCard({
  mailbox,
  onNotice,
}: {
  mailbox: Mailbox;
  onNotice: (message: string) => void;
}) {
  const titleId = useId();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const path = { params: { path: { id: mailbox.id } } };
  const testSmtp = useMutation({ mutationFn: () => unwrap(api.POST('/api/mailboxes/{id}/test', path)) });
  const testImap = useMutation({ mutationFn: () => unwrap(api.POST('/api/mailboxes/{id}/test-imap', path)) });
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: () => unwrap(api.DELETE('/api/mailboxes/{id}', path)),
    onSuccess: async () => {
      setDeleting(false);
      onNotice(`${mailbox.name} is deleted.`);
      await queries.invalidateQueries({ queryKey: ['mailboxes'] });
    },
  });

  return (
    <li>
      <article className="card" aria-labelledby={titleId}>
        <h2 id={titleId}>{mailbox.name}</h2>
        {editing ? (
          <MailboxForm
            saved={mailbox}
            onDone={(message) => {
              setEditing(false);
              if (message) onNotice(message);
            }}
          />
        ) : (
          <>
            <dl className="facts">
              <dt>From</dt>
              <dd>
                {mailbox.fromName ? `${mailbox.fromName} <${mailbox.fromAddress}>` : mailbox.fromAddress}
              </dd>
              <dt>SMTP</dt>
              <dd>
                {smtpEndpointOf(mailbox)}
                {mailbox.smtpHost === null && (
                  <span className="hint">
                    {' '}
                    — it sends through the platform’s default SMTP server; in local mode there is none and its
                    emails are caught: see <Link to="/caught-mail">Caught mail</Link>.
                  </span>
                )}
              </dd>
              <dt>Caps</dt>
              <dd>{capsOf(mailbox)}</dd>
              <dt>Inbox (IMAP)</dt>
              <dd>
                {mailbox.imapHost === null ? (
                  'Not read: replies and bounces are not picked up.'
                ) : (
                  <>
                    {mailbox.imapHost}:{mailbox.imapPort}{' '}
                    {mailbox.inboxError ? (
                      <Badge tone="bad">Read failed: {mailbox.inboxError}</Badge>
                    ) : mailbox.inboxReadAt ? (
                      <>
                        <Badge tone="good">Read</Badge> <Time iso={mailbox.inboxReadAt} />
                      </>
                    ) : (
                      <Badge tone="neutral">Not read yet</Badge>
                    )}
                  </>
                )}
              </dd>
            </dl>
            <div className="actions">
              <button type="button" onClick={() => testSmtp.mutate()} disabled={testSmtp.isPending}>
                Test SMTP
              </button>
              {mailbox.imapHost !== null && (
                <button type="button" onClick={() => testImap.mutate()} disabled={testImap.isPending}>
                  Test IMAP
                </button>
              )}
              <button type="button" onClick={() => setEditing(true)}>
                Edit
              </button>
              <Link className="button" to={`/deliveries?mailboxId=${mailbox.id}`}>
                Its deliveries
              </Link>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  remove.reset();
                  setDeleting(true);
                }}
              >
                Delete
              </button>
            </div>
            <TestResult test={testSmtp} what="SMTP" />
            {mailbox.imapHost !== null && <TestResult test={testImap} what="IMAP" />}
          </>
        )}
        <ConfirmDialog
          open={deleting}
          title={`Delete ${mailbox.name}?`}
          confirmLabel="Delete mailbox"
          danger
          busy={remove.isPending}
          error={remove.error}
          onConfirm={() => remove.mutate()}
          onCancel={() => setDeleting(false)}
        >
          <p>
            Campaigns stop sending from {mailbox.fromAddress}. A mailbox with emails still waiting or in
            flight cannot be deleted: pause its campaigns first.
          </p>
        </ConfirmDialog>
      </article>
    </li>
  );
}
