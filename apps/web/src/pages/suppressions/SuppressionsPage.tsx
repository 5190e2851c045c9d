import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable, Pager } from '../../ui/DataTable';
import { SelectField, TextField } from '../../ui/Field';
import { Badge, EmptyState, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { useCursorPages } from '../../ui/use-cursor-pages';
import { AddSuppressionForm } from './AddSuppressionForm';
import { CheckAddressForm } from './CheckAddressForm';
import {
  reasonFilterOf,
  reasonLabel,
  reasonWhy,
  removalNeedsForce,
  suppressionReasons,
  type Suppression,
} from './suppression-reasons';

/** The workspace's suppression list: search it, add to it, check an address, take one off. */
export default function SuppressionsPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q') ?? '';
  const reason = reasonFilterOf(params.get('reason'));
  const [search, setSearch] = useState(q);
  const pages = useCursorPages();
  const list = useQuery({
    queryKey: ['suppressions', q, reason, pages.cursor],
    queryFn: () =>
      unwrap(
        api.GET('/api/suppressions', {
          params: {
            query: {
              limit: 50,
              ...(q ? { q } : {}),
              ...(reason ? { reason } : {}),
              ...(pages.cursor ? { cursor: pages.cursor } : {}),
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const rows = (list.data?.data ?? []).map((entry) => ({ ...entry, id: entry.email }));

  const [removing, setRemoving] = useState<Suppression | null>(null);
  const queries = useQueryClient();
  const remove = useMutation({
    mutationFn: (entry: Suppression) =>
      unwrap(
        api.DELETE('/api/suppressions/{email}', {
          params: { path: { email: entry.email }, query: { force: removalNeedsForce(entry.reason) } },
        }),
      ),
    onSuccess: async () => {
      setRemoving(null);
      await queries.invalidateQueries({ queryKey: ['suppressions'] });
    },
  });

  const filter = (next: { q?: string; reason?: string }) => {
    pages.reset();
    const merged = { q, reason: reason ?? '', ...next };
    setParams(Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== '')), {
      replace: true,
    });
  };
  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    filter({ q: search.trim() });
  };

  const columns: ColumnDef<Suppression & { id: string }, unknown>[] = [
    { header: 'Address', accessorKey: 'email' },
    {
      header: 'Reason',
      cell: ({ row }) => (
        <Badge tone={removalNeedsForce(row.original.reason) ? 'warn' : 'neutral'}>
          {reasonLabel(row.original.reason)}
        </Badge>
      ),
    },
    { header: 'Note', accessorKey: 'note' },
    { header: 'Since', cell: ({ row }) => <Time iso={row.original.createdAt} /> },
    {
      header: 'Because of',
      cell: ({ row }) =>
        row.original.deliveryId ? (
          <span className="hint">
            delivery <code>{row.original.deliveryId}</code>
          </span>
        ) : null,
    },
    {
      header: 'Actions',
      cell: ({ row }) => (
        <button
          type="button"
          className="danger"
          aria-label={`Remove ${row.original.email}`}
          onClick={() => {
            remove.reset();
            setRemoving(row.original);
          }}
        >
          Remove
        </button>
      ),
    },
  ];
  const filtered = q !== '' || reason !== undefined;

  return (
    <>
      <PageHeader title="Suppressions">
        <p>
          Addresses no email of this workspace goes to: unsubscribes, complaints, hard bounces and your own
          additions.
        </p>
      </PageHeader>
      <div className="two-columns">
        <AddSuppressionForm />
        <CheckAddressForm />
      </div>

      <h2>The list</h2>
      <div className="filters">
        <form role="search" onSubmit={submitSearch} className="inline-form">
          <TextField
            label="Search addresses"
            type="search"
            value={search}
            onChange={(event) => setSearch(event.target.value)}
          />
          <button type="submit">Search</button>
        </form>
        <SelectField
          label="Reason"
          value={reason ?? ''}
          onChange={(event) => filter({ reason: event.target.value })}
        >
          <option value="">Every reason</option>
          {suppressionReasons.map((name) => (
            <option key={name} value={name}>
              {reasonLabel(name)}
            </option>
          ))}
        </SelectField>
      </div>
      <ProblemMessage error={list.error} />
      {list.isPending ? (
        <Loading what="suppressions" />
      ) : rows.length === 0 && pages.page === 0 ? (
        <EmptyState title={filtered ? 'No address matches' : 'No suppressed addresses'}>
          {filtered ? (
            'Nothing on the list matches this search.'
          ) : (
            <>
              Addresses come here when a recipient unsubscribes or complains, when an email hard-bounces, or
              when you add one above. A campaign never emails them. See{' '}
              <Link to="/deliveries">deliveries</Link> for what was sent.
            </>
          )}
        </EmptyState>
      ) : (
        <>
          <DataTable caption="Suppressed addresses" columns={columns} rows={rows} />
          <Pager
            page={pages.page}
            hasNext={Boolean(list.data?.nextCursor)}
            onPrevious={pages.previous}
            onNext={() => pages.next(list.data?.nextCursor)}
          />
        </>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={`Remove ${removing?.email ?? ''} from the list?`}
        confirmLabel="Remove"
        danger
        busy={remove.isPending}
        error={remove.error}
        onConfirm={() => removing && remove.mutate(removing)}
        onCancel={() => setRemoving(null)}
      >
        {removing && (
          <p>
            It is on the list because {reasonWhy(removing.reason)}. Once removed, campaigns may email it
            again.
            {removalNeedsForce(removing.reason) && (
              <strong>
                {' '}
                The recipient asked not to be contacted: remove it only if they asked to hear from you again.
              </strong>
            )}
          </p>
        )}
      </ConfirmDialog>
    </>
  );
}
