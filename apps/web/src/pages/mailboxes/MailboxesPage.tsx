import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { Pager } from '../../ui/DataTable';
import { EmptyState, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { MailboxCard } from './MailboxCard';
import { MailboxForm } from './MailboxForm';

/** The addresses emails go out from: add one, test its SMTP (and IMAP) server, set its caps. */
export default function MailboxesPage() {
  const pages = useCursorPages();
  const mailboxes = useQuery({
    queryKey: ['mailboxes', pages.cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/mailboxes', {
          params: { query: { limit: 50, ...(pages.cursor ? { cursor: pages.cursor } : {}) } },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const list = mailboxes.data?.data ?? [];

  return (
    <>
      <PageHeader
        title="Mailboxes"
        actions={
          <button
            type="button"
            className="primary"
            aria-expanded={adding}
            onClick={() => {
              setNotice(null);
              setAdding(true);
            }}
            disabled={adding}
          >
            Add mailbox
          </button>
        }
      >
        <p>The addresses your campaigns send from, each with its own SMTP server and sending caps.</p>
      </PageHeader>
      <p className="notice">
        A mailbox without an SMTP URL sends through the platform’s default SMTP server. In local mode (
        <code>npm start</code> without <code>SMTP_URL</code>) there is none: its emails are caught instead of
        sent, and you read them under Caught mail exactly as recipients would. “Test SMTP” tells you which
        applies.
      </p>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      {adding && (
        <MailboxForm
          onDone={(message) => {
            setAdding(false);
            setNotice(message);
          }}
        />
      )}
      <ProblemMessage error={mailboxes.error} />
      {mailboxes.isPending ? (
        <Loading what="mailboxes" />
      ) : list.length === 0 && pages.page === 0 ? (
        !adding && (
          <EmptyState title="No mailboxes yet">
            Add the address your emails go out from with “Add mailbox”. Without an SMTP URL, mail is caught
            here instead of sent — a safe way to try a campaign first.
          </EmptyState>
        )
      ) : (
        <>
          <ul className="card-list">
            {list.map((mailbox) => (
              <MailboxCard key={mailbox.id} mailbox={mailbox} onNotice={setNotice} />
            ))}
          </ul>
          <Pager
            page={pages.page}
            hasNext={Boolean(mailboxes.data?.nextCursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(mailboxes.data?.nextCursor)}
          />
        </>
      )}
    </>
  );
}
