import type { AdminContext } from './admin-context';
import { shardsImportCommand } from './shards-import';
import { shardsReshardCommand } from './reshard-command';
import { shardsStatusCommand } from './shards-status-command';

/** The `shards` subcommands: filling, inspecting and rebalancing the client shards (issue 19). */
export const shardsCommands: Record<
  string,
  (args: readonly string[], context: AdminContext) => Promise<void>
> = {
  import: shardsImportCommand,
  status: shardsStatusCommand,
  reshard: shardsReshardCommand,
};
