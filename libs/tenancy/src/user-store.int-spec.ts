import type { DataSource } from 'typeorm';
import { openDataSource } from '@coldreach/db';
import { createTestDatabase, type TestDatabase } from '@coldreach/testing';
import {
  createTenancyStore,
  createUserStore,
  tenancyEntities,
  tenancyMigrations,
  type UserStore,
} from './index';

jest.setTimeout(60_000);

let database: TestDatabase;
let dataSource: DataSource;
let users: UserStore;
let workspaceId: string;
beforeAll(async () => {
  database = await createTestDatabase('cr_users');
  dataSource = await openDataSource({
    location: { url: database.url },
    entities: tenancyEntities,
    migrations: tenancyMigrations,
    migrate: true,
  });
  users = createUserStore(dataSource);
  workspaceId = (await createTenancyStore(dataSource).createWorkspace('Users')).id;
});
afterAll(async () => {
  await dataSource?.destroy();
  await database?.drop();
});

describe('user store', () => {
  it('keeps one account per email whatever its case, and stores only a scrypt hash', async () => {
    const user = await users.createUser('  Mixed.Case@Example.COM ', 'first password!');
    expect(user.email).toBe('mixed.case@example.com');
    await expect(users.createUser('mixed.case@example.com', 'other password!')).rejects.toMatchObject({
      code: 'invalid_argument',
      violations: [{ field: 'email', message: 'has an account already' }],
    });
    // Even past the store (a direct insert): the table refuses a second spelling.
    await expect(
      dataSource.query(
        `INSERT INTO users (id, email, password_hash) VALUES (gen_random_uuid(), 'MIXED.case@example.com', 'x')`,
      ),
    ).rejects.toThrow();
    const rows: { password_hash: string }[] = await dataSource.query(
      'SELECT password_hash FROM users WHERE id = $1',
      [user.id],
    );
    expect(rows[0]?.password_hash).toMatch(/^scrypt\$/);
    expect(JSON.stringify(rows)).not.toContain('first password!');
  });

  it('checks credentials: the user for the right pair, null for a wrong password or an unknown email', async () => {
    const user = await users.createUser('creds@example.com', 'right password');
    expect(await users.checkCredentials('CREDS@example.com', 'right password')).toMatchObject({
      id: user.id,
    });
    expect(await users.checkCredentials('creds@example.com', 'wrong password')).toBeNull();
    expect(await users.checkCredentials('unknown@example.com', 'right password')).toBeNull();
    expect(await users.checkPassword(user.id, 'right password')).toBe(true);
    expect(await users.checkPassword(user.id, 'wrong password')).toBe(false);
    expect(await users.checkPassword('not-a-uuid', 'right password')).toBe(false);
  });

  it('refuses weak passwords and malformed emails', async () => {
    await expect(users.createUser('weak@example.com', 'short')).rejects.toMatchObject({
      violations: [{ field: 'password', message: 'must be at least 10 characters' }],
    });
    await expect(users.createUser('no-at-sign', 'long enough password')).rejects.toMatchObject({
      violations: [{ field: 'email', message: 'must be an email address' }],
    });
    expect(await users.findUserByEmail('weak@example.com')).toBeNull();
  });

  it('adds memberships, changes a role, and answers what a session needs', async () => {
    const user = await users.createUser('member@example.com', 'long enough password');
    const second = (await createTenancyStore(dataSource).createWorkspace('Second')).id;
    await users.addMembership(user.id, workspaceId, 'member');
    await users.addMembership(user.id, second, 'owner');
    await users.addMembership(user.id, workspaceId, 'owner');
    expect((await users.listMemberships(user.id)).map((m) => [m.workspaceName, m.role])).toEqual([
      ['Users', 'owner'],
      ['Second', 'owner'],
    ]);
    expect(await users.sessionAccess(user.id, workspaceId)).toMatchObject({
      email: 'member@example.com',
      role: 'owner',
    });
    expect(await users.sessionAccess(user.id, '00000000-0000-4000-8000-000000000000')).toBeNull();
    await expect(
      users.addMembership(user.id, '00000000-0000-4000-8000-000000000000', 'owner'),
    ).rejects.toMatchObject({
      code: 'not_found',
    });
    expect((await users.listUsers(second)).map((u) => u.email)).toEqual(['member@example.com']);
  });

  it('sets a new password and moves the time before which sessions are revoked', async () => {
    const user = await users.createUser('reset@example.com', 'old password!');
    const revokeAt = new Date(Date.now() + 1000);
    await users.setPassword(user.id, 'new password!', revokeAt);
    expect(await users.checkCredentials('reset@example.com', 'old password!')).toBeNull();
    const after = await users.checkCredentials('reset@example.com', 'new password!');
    expect(after?.sessionsValidAfter.getTime()).toBe(revokeAt.getTime());
    await expect(users.setPassword(user.id, 'tiny', new Date())).rejects.toMatchObject({
      code: 'invalid_argument',
    });
  });
});
