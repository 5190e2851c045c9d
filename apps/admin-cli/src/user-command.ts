import { generatePassword, type MemberRole } from '@coldreach/tenancy';
import { notFound } from '@coldreach/errors';
import type { AdminContext } from './admin-context';
import { parseArgs } from './cli-args';
import { UsageError } from './cli-errors';
import { formatTable, formatTime } from './format-table';

const roles: readonly MemberRole[] = ['owner', 'member'];

function required(flags: Map<string, string>, command: string, flag: string, what: string): string {
  const value = flags.get(flag);
  if (value === undefined) throw new UsageError(`${command}: missing --${flag} <${what}>`);
  return value;
}

/** Shows a password the one time it exists in clear, and says so. */
function printNewPassword(context: AdminContext, email: string, password: string): void {
  context.print(`Password for ${email}:`);
  context.print();
  context.print(`  ${password}`);
  context.print();
  context.print('Store it now: it is not saved anywhere and will not be shown again.');
  context.print('Change it after signing in to the dashboard.');
}

export async function userCreateCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const command = 'user create';
  const { flags } = parseArgs(command, args, { flags: ['email', 'workspace', 'role'], positionals: [] });
  const email = required(flags, command, 'email', 'email');
  const workspaceId = required(flags, command, 'workspace', 'id');
  const role = (flags.get('role') ?? 'owner') as MemberRole;
  if (!roles.includes(role)) throw new UsageError(`${command}: --role must be owner or member`);
  const tenancy = await context.tenancyStore();
  if (!(await tenancy.getWorkspace(workspaceId))) throw notFound(`workspace ${workspaceId}`);
  const users = await context.userStore();
  const existing = await users.findUserByEmail(email);
  if (existing) {
    await users.addMembership(existing.id, workspaceId, role);
    context.print(`${existing.email} has an account already: now ${role} of workspace ${workspaceId}.`);
    context.print('Their password is unchanged.');
    return;
  }
  const password = generatePassword();
  const user = await users.createUser(email, password);
  await users.addMembership(user.id, workspaceId, role);
  context.print(`User ${user.id} (${user.email}) created, ${role} of workspace ${workspaceId}.`);
  printNewPassword(context, user.email, password);
}

export async function userResetPasswordCommand(
  args: readonly string[],
  context: AdminContext,
): Promise<void> {
  const command = 'user reset-password';
  const { flags } = parseArgs(command, args, { flags: ['email'], positionals: [] });
  const email = required(flags, command, 'email', 'email');
  const users = await context.userStore();
  const user = await users.findUserByEmail(email);
  if (!user) throw notFound(`user ${email.trim().toLowerCase()}`);
  const password = generatePassword();
  // Every session begun until now ends: in Redis or in memory, the gateway checks this time.
  await users.setPassword(user.id, password, new Date());
  context.print(`Every session of ${user.email} has ended.`);
  printNewPassword(context, user.email, password);
}

export async function userListCommand(args: readonly string[], context: AdminContext): Promise<void> {
  const { flags } = parseArgs('user list', args, { flags: ['workspace'], positionals: [] });
  const users = await (await context.userStore()).listUsers(flags.get('workspace'));
  if (users.length === 0) {
    context.print('No users. Create one with: npm run admin -- user create --email <e> --workspace <id>');
    return;
  }
  const rows = users.map((u) => [
    u.id,
    u.email,
    formatTime(u.createdAt),
    u.memberships.map((m) => `${m.workspaceId} (${m.role})`).join(', ') || '-',
  ]);
  for (const line of formatTable(['ID', 'EMAIL', 'CREATED', 'WORKSPACES'], rows)) context.print(line);
}
