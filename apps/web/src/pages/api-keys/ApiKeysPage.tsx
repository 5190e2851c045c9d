import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ColumnDef } from '@tanstack/react-table';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../gen/api-schema';
import { useSignedIn } from '../../session/session';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { DataTable } from '../../ui/DataTable';
import { Badge, EmptyState, Loading, PageHeader } from '../../ui/Page';
import { ProblemMessage } from '../../ui/ProblemMessage';
import { Time } from '../../ui/Time';
import { CreateKeyForm } from './CreateKeyForm';

type ApiKey = components['schemas']['ApiKey'];

function columns(onRevoke: ((key: ApiKey) => void) | null): ColumnDef<ApiKey, unknown>[] {
  const list: ColumnDef<ApiKey, unknown>[] = [
    { id: 'name', header: 'Name', cell: ({ row }) => row.original.name },
    { id: 'prefix', header: 'Starts with', cell: ({ row }) => <code>{row.original.prefix}…</code> },
    { id: 'created', header: 'Created', cell: ({ row }) => <Time iso={row.original.createdAt} /> },
    {
      id: 'used',
      header: 'Last used',
      cell: ({ row }) => (row.original.lastUsedAt ? <Time iso={row.original.lastUsedAt} /> : 'never'),
    },
    {
      id: 'state',
      header: 'State',
      cell: ({ row }) =>
        row.original.revokedAt ? (
          <>
            <Badge tone="bad">revoked</Badge> <Time iso={row.original.revokedAt} />
          </>
        ) : (
          <Badge tone="good">active</Badge>
        ),
    },
  ];
  if (!onRevoke) return list;
  return [
    ...list,
    {
      id: 'actions',
      header: 'Actions',
      cell: ({ row }) =>
        row.original.revokedAt ? null : (
          <button type="button" className="danger" onClick={() => onRevoke(row.original)}>
            Revoke
          </button>
        ),
    },
  ];
}

/** The workspace's API keys: every member sees them; owners create (the key shown once) and revoke. */
export default function ApiKeysPage() {
  const session = useSignedIn();
  const owner = session.workspace.role === 'owner';
  const queries = useQueryClient();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const keys = useQuery({ queryKey: ['api-keys'], queryFn: () => unwrap(api.GET('/api/keys')) });
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => unwrap(api.DELETE('/api/keys/{id}', { params: { path: { id: key.id } } })),
    onSuccess: () => {
      setRevoking(null);
      void queries.invalidateQueries({ queryKey: ['api-keys'] });
    },
  });

  const askToRevoke = (key: ApiKey) => {
    revoke.reset();
    setRevoking(key);
  };

  return (
    <>
      <PageHeader title="API keys">
        <p>
          Programs use the REST API with a key: <code>Authorization: Bearer &lt;key&gt;</code>. A key acts for
          the whole workspace {session.workspace.name}.
        </p>
      </PageHeader>
      {owner ? (
        <CreateKeyForm onCreated={() => void queries.invalidateQueries({ queryKey: ['api-keys'] })} />
      ) : (
        <p className="notice">
          Only the workspace&apos;s owners can create and revoke keys; you are a member. Ask an owner for a
          key.
        </p>
      )}
      <section aria-labelledby="keys-heading">
        <h2 id="keys-heading">Keys</h2>
        <ProblemMessage error={keys.error} />
        {keys.isPending && <Loading what="the keys" />}
        {keys.data && keys.data.data.length === 0 && (
          <EmptyState title="No keys yet">
            A key lets a script, a CRM or another tool add leads and send email through the API.
          </EmptyState>
        )}
        {keys.data && keys.data.data.length > 0 && (
          <DataTable
            caption="API keys, oldest first"
            columns={columns(owner ? askToRevoke : null)}
            rows={keys.data.data}
          />
        )}
      </section>
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke the key ${revoking?.name ?? ''}?`}
        confirmLabel="Revoke key"
        danger
        busy={revoke.isPending}
        error={revoke.error}
        onConfirm={() => revoking && revoke.mutate(revoking)}
        onCancel={() => setRevoking(null)}
      >
        <p>
          Programs using the key starting with <code>{revoking?.prefix}…</code> stop working at once. This
          cannot be undone: they will need a new key.
        </p>
      </ConfirmDialog>
    </>
  );
}
