import type { ApiKeyInfo } from '@coldreach/tenancy';
import type { AdminContext } from './admin-context';

/** Shows a key the one time it exists in clear, and says so. */
export function printNewKey(context: AdminContext, key: string, apiKey: ApiKeyInfo): void {
  context.print(`API key ${apiKey.id} ("${apiKey.name}") for workspace ${apiKey.workspaceId}:`);
  context.print();
  context.print(`  ${key}`);
  context.print();
  context.print('Store it now: it is not saved anywhere and will not be shown again.');
  context.print('Use it as: Authorization: Bearer <key>');
}
