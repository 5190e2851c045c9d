import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { Pager } from '../../ui/DataTable';
import { EmptyState, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { listScopeOf } from '../deliveries/list-scope';
import { ScopeNotice } from '../deliveries/ScopeNotice';
import { useResourceNames } from '../deliveries/use-resource-names';
import { CaughtMessageView } from './CaughtMessageView';

// New mail arrives while the page is open (a campaign sends in the background): the first page is
// asked again this often. Later pages stay as they were read.
const refreshMs = 10_000;

/**
 * The emails caught instead of sent (local mode, or mailboxes without an SMTP server), newest
 * first, and the chosen one as its recipient would see it.
 */
export default function CaughtMailPage() {
  const pages = useCursorPages();
  const [params, setParams] = useSearchParams();
  // The API lists caught mail by campaign, not by mailbox.
  const { campaignId } = listScopeOf(params);
  const caught = useQuery({
    queryKey: ['caught-messages', campaignId, pages.cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/caught-messages', {
          params: {
            query: {
              limit: 25,
              ...(campaignId ? { campaignId } : {}),
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
    refetchInterval: pages.page === 0 ? refreshMs : false,
  });
  const messages = caught.data?.data ?? [];
  const names = useResourceNames(
    messages.map((message) => message.campaignId),
    [],
  );
  const [chosenId, setChosenId] = useState<string | null>(null);
  const chosen = messages.find((message) => message.id === chosenId) ?? messages[0];

  return (
    <>
      <PageHeader
        title="Caught mail"
        actions={
          <button type="button" onClick={() => void caught.refetch()} disabled={caught.isFetching}>
            Refresh
          </button>
        }
      >
        <p>
          Emails kept here instead of sent: every email in local mode, and those of mailboxes without an SMTP
          server when the platform has no default one.
        </p>
      </PageHeader>
      <ScopeNotice
        scope={campaignId ? { campaignId } : {}}
        what="caught emails"
        onClear={() => {
          pages.reset();
          setParams({}, { replace: true });
        }}
      />
      <ProblemMessage error={caught.error} />
      {caught.isPending ? (
        <Loading what="caught mail" />
      ) : messages.length === 0 && pages.page === 0 ? (
        <EmptyState title="No caught mail yet" action={<Link to="/campaigns">Go to campaigns</Link>}>
          No caught mail yet — launch a campaign or send an email; in local mode mail is caught here instead
          of sent.
        </EmptyState>
      ) : (
        <div className="mail-view">
          <section aria-label="Caught emails" className="mail-list">
            <ul>
              {messages.map((message) => {
                const campaign = names.campaign(message.campaignId);
                return (
                  <li key={message.id} className={message.id === chosen?.id ? 'chosen' : undefined}>
                    <button
                      type="button"
                      aria-current={message.id === chosen?.id ? 'true' : undefined}
                      aria-describedby={`about-${message.id}`}
                      onClick={() => setChosenId(message.id)}
                    >
                      {message.subject || '(no subject)'}
                    </button>
                    <p id={`about-${message.id}`} className="hint">
                      To {message.envelopeTo.join(', ')} · <Time iso={message.caughtAt} />
                      {message.campaignId && <> · {campaign ?? 'a campaign'}</>}
                    </p>
                  </li>
                );
              })}
            </ul>
            <Pager
              page={pages.page}
              hasNext={Boolean(caught.data?.nextCursor)}
              onPrevious={pages.previous}
              onNext={() => pages.next(caught.data?.nextCursor)}
            />
          </section>
          {chosen && <CaughtMessageView message={chosen} campaignName={names.campaign(chosen.campaignId)} />}
        </div>
      )}
    </>
  );
}
