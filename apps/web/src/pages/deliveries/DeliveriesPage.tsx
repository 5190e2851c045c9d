import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable, Pager } from '../../ui/DataTable';
import { SelectField } from '../../ui/Field';
import { Badge, EmptyState, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { useCursorPages } from '../../ui/use-cursor-pages';
import {
  canRetry,
  filterStatuses,
  lastReply,
  statusFilterOf,
  statusLabel,
  statusTone,
  type Delivery,
} from './delivery-statuses';
import { listScopeOf } from './list-scope';
import { ScopeNotice } from './ScopeNotice';
import { useResourceNames } from './use-resource-names';

/** The delivery ledger: every email the workspace sent or will send, filtered by status. */
export default function DeliveriesPage() {
  const [params, setParams] = useSearchParams();
  const status = statusFilterOf(params.get('status'));
  const scope = listScopeOf(params);
  const pages = useCursorPages();
  const deliveries = useQuery({
    queryKey: ['deliveries', status, scope.campaignId, scope.mailboxId, pages.cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/deliveries', {
          params: {
            query: {
              limit: 50,
              ...(status ? { status } : {}),
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = useMemo(() => deliveries.data?.data ?? [], [deliveries.data]);
  const names = useResourceNames(
    rows.map((row) => row.campaignId),
    rows.map((row) => row.mailboxId),
  );
  const [retrying, setRetrying] = useState<Delivery | null>(null);
  const [retried, setRetried] = useState<string | null>(null);
  const queries = useQueryClient();
  const retry = useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/deliveries/{id}/retry', { params: { path: { id } } })),
    onSuccess: async (delivery) => {
      setRetrying(null);
      setRetried(`The email to ${delivery.toAddress} is scheduled again (same Message-ID).`);
      await queries.invalidateQueries({ queryKey: ['deliveries'] });
    },
  });

  const columns = useMemo<ColumnDef<Delivery, unknown>[]>(
    () => [
      { header: 'Recipient', accessorKey: 'toAddress' },
      {
        header: 'Subject',
        cell: ({ row }) => row.original.subject || <span className="hint">not rendered yet</span>,
      },
      {
        header: 'Mailbox',
        cell: ({ row }) => nameOr(names.mailbox(row.original.mailboxId), 'a deleted mailbox'),
      },
      {
        header: 'Campaign',
        cell: ({ row }) => {
          const id = row.original.campaignId;
          if (id === null) return <span className="hint">single email</span>;
          return (
            <Link to={`/campaigns/${id}`}>
              {nameOr(names.campaign(id), 'a deleted campaign')}, step {row.original.stepPosition}
            </Link>
          );
        },
      },
      {
        header: 'Status',
        cell: ({ row }) => (
          <>
            <Badge tone={statusTone(row.original.status)}>{statusLabel(row.original.status)}</Badge>
            {lastReply(row.original) && <p className="hint">{lastReply(row.original)}</p>}
          </>
        ),
      },
      { header: 'Attempts', accessorKey: 'attempts' },
      {
        header: 'Times',
        cell: ({ row }) => (
          <dl className="times">
            <dt>Created</dt>
            <dd>
              <Time iso={row.original.createdAt} />
            </dd>
            <dt>Scheduled</dt>
            <dd>
              <Time iso={row.original.scheduledAt} />
            </dd>
            {row.original.nextAttemptAt && (
              <>
                <dt>Next attempt</dt>
                <dd>
                  <Time iso={row.original.nextAttemptAt} />
                </dd>
              </>
            )}
            <dt>Sent</dt>
            <dd>
              <Time iso={row.original.sentAt} />
            </dd>
          </dl>
        ),
      },
      {
        header: 'Actions',
        cell: ({ row }) =>
          canRetry(row.original) ? (
            <button
              type="button"
              aria-describedby="unknown-explained"
              onClick={() => {
                retry.reset();
                setRetried(null);
                setRetrying(row.original);
              }}
            >
              Retry
            </button>
          ) : null,
      },
    ],
    [names, retry],
  );

  const chooseStatus = (value: string) => {
    pages.reset();
    setParams({ ...scope, ...(value ? { status: value } : {}) }, { replace: true });
  };
  const clearScope = () => {
    pages.reset();
    setParams(status ? { status } : {}, { replace: true });
  };

  return (
    <>
      <PageHeader title="Deliveries">
        <p>Every email of this workspace, campaign steps and single sends, most recent first.</p>
      </PageHeader>
      <p className="notice" id="unknown-explained">
        <strong>Unknown</strong> means the connection ended before the SMTP server confirmed the email: it may
        have been delivered. Such an email is never sent again on its own; you may retry it once you know it
        did not arrive.
      </p>
      <ScopeNotice scope={scope} what="deliveries" onClear={clearScope} />
      <div className="filters">
        <SelectField
          label="Status"
          value={status ?? ''}
          onChange={(event) => chooseStatus(event.target.value)}
        >
          <option value="">All statuses</option>
          {filterStatuses.map((name) => (
            <option key={name} value={name}>
              {statusLabel(name)}
            </option>
          ))}
        </SelectField>
      </div>
      {retried && (
        <p className="notice" role="status">
          {retried}
        </p>
      )}
      <ProblemMessage error={deliveries.error} />
      {deliveries.isPending ? (
        <Loading what="deliveries" />
      ) : rows.length === 0 && pages.page === 0 ? (
        <EmptyState
          title={status ? `No ${statusLabel(status).toLowerCase()} deliveries` : 'No deliveries yet'}
        >
          {status
            ? 'Nothing has this status. Choose another status or all of them.'
            : 'Emails appear here once a campaign is launched or an email is sent through the API.'}
        </EmptyState>
      ) : (
        <>
          <DataTable caption="Deliveries" columns={columns} rows={rows} />
          <Pager
            page={pages.page}
            hasNext={Boolean(deliveries.data?.nextCursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(deliveries.data?.nextCursor)}
          />
        </>
      )}
      <ConfirmDialog
        open={retrying !== null}
        title="Send this email again?"
        confirmLabel="Send again"
        busy={retry.isPending}
        error={retry.error}
        onConfirm={() => retrying && retry.mutate(retrying.id)}
        onCancel={() => setRetrying(null)}
      >
        <p>
          The email to <strong>{retrying?.toAddress}</strong> has an unknown outcome: the SMTP server may have
          accepted it before the connection ended. Sending it again may deliver it <strong>twice</strong>.
        </p>
        <p>
          It goes out with the same Message-ID, so a mail server that already has it can drop the copy, but
          not every server does. Retry only when you know it did not arrive (a bounce, the recipient says so,
          the server&apos;s logs).
        </p>
        {retrying?.lastError && (
          <p>
            Last reply: <code>{lastReply(retrying)}</code>
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}

/** A resolved name, what to say when it cannot be had, or an ellipsis while it loads. */
function nameOr(name: string | null | undefined, gone: string) {
  if (name === undefined) return '…';
  return name ?? <span className="hint">{gone}</span>;
}
