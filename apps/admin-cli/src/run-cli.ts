import { ConfigError } from '@coldreach/config';
import { isDomainError } from '@coldreach/errors';
import { createAdminContext, type AdminContext } from './admin-context';
import { CommandError, describeError, UsageError } from './cli-errors';
import { analyticsRebuildCommand } from './analytics-command';
import { deadLettersListCommand, deadLettersReplayCommand } from './dead-letters-command';
import { readAdminConfig } from './config';
import { initCommand } from './init-command';
import { keyCreateCommand, keyListCommand, keyRevokeCommand } from './key-command';
import { migrateCommand } from './migrate-command';
import { shardsCommands } from './shards-command';
import { usage } from './usage';
import { userCreateCommand, userListCommand, userResetPasswordCommand } from './user-command';
import { workspaceCreateCommand, workspaceListCommand } from './workspace-command';

type Command = (args: readonly string[], context: AdminContext) => Promise<void>;

const commands: Record<string, Command | Record<string, Command>> = {
  migrate: migrateCommand,
  init: initCommand,
  workspace: { create: workspaceCreateCommand, list: workspaceListCommand },
  key: { create: keyCreateCommand, list: keyListCommand, revoke: keyRevokeCommand },
  user: { create: userCreateCommand, 'reset-password': userResetPasswordCommand, list: userListCommand },
  'dead-letters': { list: deadLettersListCommand, replay: deadLettersReplayCommand },
  analytics: { rebuild: analyticsRebuildCommand },
  shards: shardsCommands,
};

export interface CliIo {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

/** Runs one admin command and returns the process exit code: 0 done, 1 failed, 2 bad usage. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === 'help' || name === '--help' || name === '-h') {
    io.stdout(`${usage}\n`);
    return 0;
  }
  const context = createAdminContext(
    () => readAdminConfig(io.env),
    (line = '') => io.stdout(`${line}\n`),
  );
  try {
    const { command, args } = resolveCommand(name, rest);
    await command(args, context);
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`error: ${error.message}\n\n${usage}\n`);
      return 2;
    }
    const known = error instanceof CommandError || error instanceof ConfigError || isDomainError(error);
    io.stderr(`error: ${known ? (error as Error).message : describeError(error)}\n`);
    return 1;
  } finally {
    await context
      .close()
      .catch((error: unknown) =>
        io.stderr(`warning: closing the databases failed: ${describeError(error)}\n`),
      );
  }
}

function resolveCommand(name: string | undefined, rest: string[]): { command: Command; args: string[] } {
  if (name === undefined) throw new UsageError('missing command');
  const entry = commands[name];
  if (entry === undefined) throw new UsageError(`unknown command "${name}"`);
  if (typeof entry === 'function') return { command: entry, args: rest };
  const [sub, ...args] = rest;
  const choices = Object.keys(entry).join(', ');
  if (sub === undefined) throw new UsageError(`${name}: missing subcommand (one of ${choices})`);
  const command = entry[sub];
  if (command === undefined) throw new UsageError(`${name}: unknown subcommand "${sub}" (one of ${choices})`);
  return { command, args };
}
