import type { DataSource } from 'typeorm';
import { openDataSource } from '@coldreach/db';
import {
  createTenancyStore,
  createUserStore,
  tenancyEntities,
  tenancyMigrations,
  type UserStore,
} from '@coldreach/tenancy';
import { createTestDatabase, type TestDatabase } from '@coldreach/testing';
import { runAdmin } from '../test/run-admin';

// Every CLI run is a new process (~1 s).
jest.setTimeout(120_000);

const passwordPattern = /^ {2}([A-Za-z0-9_-]{20})$/m;

describe('admin CLI user commands', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let users: UserStore;
  let env: Record<string, string>;
  let workspaceId: string;
  let otherWorkspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase('cr_admin_users');
    env = { GATEWAY_DATABASE_URL: database.url };
    dataSource = await openDataSource({
      location: { url: database.url },
      entities: tenancyEntities,
      migrations: tenancyMigrations,
      migrate: true,
    });
    users = createUserStore(dataSource);
    const tenancy = createTenancyStore(dataSource);
    workspaceId = (await tenancy.createWorkspace('Acme')).id;
    otherWorkspaceId = (await tenancy.createWorkspace('Beta')).id;
  });
  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('creates a user with a password shown once, then adds the existing user to another workspace', async () => {
    const created = await runAdmin(
      ['user', 'create', '--email', 'Ann@Example.com', '--workspace', workspaceId],
      env,
    );
    expect(created).toMatchObject({ code: 0, stderr: '' });
    const password = passwordPattern.exec(created.stdout)?.[1] as string;
    expect(password).toBeDefined();
    expect(created.stdout).toContain(`(ann@example.com) created, owner of workspace ${workspaceId}`);
    expect(created.stdout).toContain('will not be shown again');
    const user = await users.checkCredentials('ann@example.com', password);
    expect(user).not.toBeNull();

    const added = await runAdmin(
      ['user', 'create', '--email', 'ann@example.com', '--workspace', otherWorkspaceId, '--role', 'member'],
      env,
    );
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(
      `ann@example.com has an account already: now member of workspace ${otherWorkspaceId}`,
    );
    expect(added.stdout).not.toMatch(passwordPattern);
    expect(await users.checkCredentials('ann@example.com', password)).not.toBeNull();
    expect((await users.listMemberships(user!.id)).map((m) => [m.workspaceName, m.role])).toEqual([
      ['Acme', 'owner'],
      ['Beta', 'member'],
    ]);

    const list = await runAdmin(['user', 'list', '--workspace', otherWorkspaceId], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(new RegExp(`${user!.id}\\s+ann@example.com`));
    expect(list.stdout).toContain(`${otherWorkspaceId} (member)`);
    expect(list.stdout).not.toContain('scrypt');
    expect(list.stdout).not.toContain(password);
  });

  it('resets a password: the old one stops working, and every session begun before is revoked', async () => {
    const before = await users.createUser('bob@example.com', 'the original password');
    await users.addMembership(before.id, workspaceId, 'member');
    const reset = await runAdmin(['user', 'reset-password', '--email', 'BOB@example.com'], env);
    expect(reset.code).toBe(0);
    expect(reset.stdout).toContain('Every session of bob@example.com has ended.');
    const password = passwordPattern.exec(reset.stdout)?.[1] as string;
    expect(await users.checkCredentials('bob@example.com', 'the original password')).toBeNull();
    const after = await users.checkCredentials('bob@example.com', password);
    expect(after?.sessionsValidAfter.getTime()).toBeGreaterThan(before.sessionsValidAfter.getTime());
  });

  it('names the problem: unknown user or workspace, an existing email, bad usage', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const cases: [string[], number, string][] = [
      [
        ['user', 'reset-password', '--email', 'nobody@example.com'],
        1,
        'error: user nobody@example.com not found',
      ],
      [
        ['user', 'create', '--email', 'x@example.com', '--workspace', missing],
        1,
        `error: workspace ${missing} not found`,
      ],
      [
        ['user', 'create', '--email', 'not-an-email', '--workspace', workspaceId],
        1,
        'error: email: must be an email address',
      ],
      [['user', 'create', '--workspace', workspaceId], 2, 'error: user create: missing --email <email>'],
      [['user', 'create', '--email', 'x@example.com'], 2, 'error: user create: missing --workspace <id>'],
      [
        ['user', 'create', '--email', 'x@example.com', '--workspace', workspaceId, '--role', 'admin'],
        2,
        'error: user create: --role must be owner or member',
      ],
      [['user', 'reset-password'], 2, 'error: user reset-password: missing --email <email>'],
    ];
    for (const [args, code, message] of cases) {
      const result = await runAdmin(args, env);
      expect({ args, code: result.code }).toEqual({ args, code });
      expect(result.stderr.split('\n')[0]).toBe(message);
    }
    expect(await users.findUserByEmail('x@example.com')).toBeNull();
  });
});
