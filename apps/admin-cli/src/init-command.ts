import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { printNewKey } from './print-new-key';

/** The PRD's "create the initial admin user": a workspace and its first key in one step. */
export async function initCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { positionals } = parseArgs('init', args, { positionals: ['workspace-name'] });
  const store = await context.tenancyStore();
  const workspace = await store.createWorkspace(positionals[0] as string);
  const { key, apiKey } = await store.createApiKey(workspace.id, 'admin');
  context.print(`Workspace ${workspace.id} ("${workspace.name}") created.`);
  printNewKey(context, key, apiKey);
}
