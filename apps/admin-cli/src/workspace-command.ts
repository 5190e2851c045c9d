import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { formatTable, formatTime } from './format-table';

export async function workspaceCreateCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { positionals } = parseArgs('workspace create', args, { positionals: ['name'] });
  const workspace = await (await context.tenancyStore()).createWorkspace(positionals[0] as string);
  // Only the id, so that scripts can capture it: WORKSPACE=$(npm run -s admin -- workspace create Acme)
  context.print(workspace.id);
}

export async function workspaceListCommand(args: readonly string[], context: AdminContext): Promise<void> {
  parseArgs('workspace list', args, { positionals: [] });
  const workspaces = await (await context.tenancyStore()).listWorkspaces();
  if (workspaces.length === 0) {
    context.print('No workspaces yet. Create one with: npm run admin -- init <workspace-name>');
    return;
  }
  const rows = workspaces.map((w) => [w.id, w.name, formatTime(w.createdAt)]);
  for (const line of formatTable(['ID', 'NAME', 'CREATED'], rows)) context.print(line);
}
