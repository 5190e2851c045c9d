import { notFound } from '@coldreach/errors';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { UsageError } from './cli-errors';
import { formatTable, formatTime } from './format-table';
import { printNewKey } from './print-new-key';

export async function keyCreateCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { flags } = parseArgs('key create', args, { flags: ['workspace', 'name'], positionals: [] });
  const workspaceId = flags.get('workspace');
  if (workspaceId === undefined) throw new UsageError('key create: missing --workspace <id>');
  const { key, apiKey } = await (
    await context.tenancyStore()
  ).createApiKey(workspaceId, flags.get('name') ?? 'default');
  printNewKey(context, key, apiKey);
}

export async function keyListCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { flags } = parseArgs('key list', args, { flags: ['workspace'], positionals: [] });
  const keys = await (await context.tenancyStore()).listApiKeys(flags.get('workspace'));
  if (keys.length === 0) {
    context.print('No API keys.');
    return;
  }
  const rows = keys.map((k) => [
    k.id,
    k.workspaceId,
    `${k.prefix}…`,
    k.name,
    formatTime(k.createdAt),
    formatTime(k.lastUsedAt),
    k.revokedAt ? `revoked ${formatTime(k.revokedAt)}` : 'active',
  ]);
  for (const line of formatTable(
    ['ID', 'WORKSPACE', 'PREFIX', 'NAME', 'CREATED', 'LAST USED', 'STATUS'],
    rows,
  )) {
    context.print(line);
  }
}

export async function keyRevokeCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { positionals } = parseArgs('key revoke', args, { positionals: ['key-id'] });
  const id = positionals[0] as string;
  if (!(await (await context.tenancyStore()).revokeApiKey(id))) throw notFound(`API key ${id}`);
  context.print(`API key ${id} is revoked; requests with it are refused from now on.`);
}
