// The signed-in person's account and workspaces: password change (and what it revokes), a reset
// as the admin CLI makes it, switching workspace, and one workspace's data never shown in another.
import { generatePassword } from '@coldreach/tenancy';
import {
  startGatewayHarness,
  type GatewayHarness,
  type SignedIn,
  type TestUser,
} from '../test/gateway-harness';

jest.setTimeout(30_000);

let h: GatewayHarness;
beforeAll(async () => {
  h = await startGatewayHarness();
}, 60_000);
afterAll(() => h?.close());

const status = async (signedIn: SignedIn) =>
  (await h.sessionCall(signedIn, 'GET', '/api/session')).statusCode;

describe('changing the password', () => {
  let user: TestUser;
  beforeEach(async () => (user = await h.createUser(h.a.workspaceId, 'member')));

  it('answers a new session and revokes every other, in this browser and others', async () => {
    const here = await h.signIn(user);
    const elsewhere = await h.signIn(user);
    const newPassword = 'a brand new passphrase';
    const response = await h.sessionCall(here, 'POST', '/api/account/password', {
      body: { currentPassword: user.password, newPassword },
    });
    expect(response.statusCode).toBe(200);
    const renewed = {
      cookie: String(response.headers['set-cookie']).split(';')[0]!,
      session: response.json(),
    };
    expect(renewed.cookie).not.toBe(here.cookie);
    expect(renewed.session.csrfToken).not.toBe(here.session.csrfToken);
    expect(renewed.session.user).toEqual({ id: user.userId, email: user.email });

    expect(await status(here)).toBe(401);
    expect(await status(elsewhere)).toBe(401);
    expect(await status(renewed)).toBe(200);
    expect(
      (
        await h.call('POST', '/api/session', {
          key: null,
          body: { email: user.email, password: user.password },
        })
      ).statusCode,
    ).toBe(401);
    expect(await status(await h.signIn({ email: user.email, password: newPassword }))).toBe(200);
  });

  it('refuses a wrong current password and a weak new one, naming the field, and changes nothing', async () => {
    const signedIn = await h.signIn(user);
    const cases: [object, string, string][] = [
      [
        { currentPassword: 'not my password', newPassword: 'long enough password' },
        'body.currentPassword',
        'is not your current password',
      ],
      [
        { currentPassword: user.password, newPassword: 'short' },
        'body.newPassword',
        'must be at least 10 characters',
      ],
      [
        { currentPassword: user.password, newPassword: 'x'.repeat(201) },
        'body.newPassword',
        'must be at most 200 characters',
      ],
    ];
    for (const [body, field, message] of cases) {
      const response = await h.sessionCall(signedIn, 'POST', '/api/account/password', { body });
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({
        type: 'urn:coldreach:problem:validation',
        errors: [{ field, message }],
      });
    }
    expect(await status(signedIn)).toBe(200);
    expect(await status(await h.signIn(user))).toBe(200);
  });

  it('is for a signed-in person: an API key gets 401, a request without the CSRF token 403', async () => {
    const body = { currentPassword: user.password, newPassword: 'long enough password' };
    expect((await h.call('POST', '/api/account/password', { body })).statusCode).toBe(401);
    const signedIn = await h.signIn(user);
    expect(
      (await h.sessionCall(signedIn, 'POST', '/api/account/password', { body, csrf: false })).statusCode,
    ).toBe(403);
  });
});

describe('a password reset (what the admin CLI does, without Redis)', () => {
  it('revokes every session of the user', async () => {
    const user = await h.createUser(h.a.workspaceId);
    const signedIn = await h.signIn(user);
    const other = await h.createUser(h.a.workspaceId);
    const bystander = await h.signIn(other);
    await h.users.setPassword(user.userId, generatePassword(), new Date());
    expect(await status(signedIn)).toBe(401);
    expect(await status(bystander)).toBe(200);
  });
});

describe('workspaces', () => {
  it('switches to another of the user’s workspaces, whose data is then shown, and refuses one it is not in', async () => {
    const user = await h.createUser(h.a.workspaceId, 'member');
    await h.users.addMembership(user.userId, h.b.workspaceId, 'owner');
    await h.createLead(h.a, 'in-a@example.com');
    await h.createLead(h.b, 'in-b@example.com');
    const signedIn = await h.signIn(user);
    expect(signedIn.session.workspace).toMatchObject({ id: h.a.workspaceId, role: 'member' });
    expect(signedIn.session.workspaces.map((w) => [w.name, w.role])).toEqual([
      ['Workspace A', 'member'],
      ['Workspace B', 'owner'],
    ]);
    const emails = async () =>
      (await h.sessionCall(signedIn, 'GET', '/api/leads')).json().data.map((l: { email: string }) => l.email);
    expect(await emails()).toContain('in-a@example.com');
    expect(await emails()).not.toContain('in-b@example.com');

    const switched = await h.sessionCall(signedIn, 'PUT', '/api/session/workspace', {
      body: { workspaceId: h.b.workspaceId },
    });
    expect(switched.statusCode).toBe(200);
    expect(switched.json().workspace).toEqual({ id: h.b.workspaceId, name: 'Workspace B', role: 'owner' });
    expect(await emails()).toEqual(['in-b@example.com']);
    expect((await h.sessionCall(signedIn, 'GET', '/api/session')).json().workspace.role).toBe('owner');

    const stranger = await h.tenant('not theirs');
    for (const workspaceId of [stranger.workspaceId, 'not-a-uuid']) {
      const refused = await h.sessionCall(signedIn, 'PUT', '/api/session/workspace', {
        body: { workspaceId },
      });
      expect(refused.statusCode).toBe(404);
    }
    expect((await h.sessionCall(signedIn, 'GET', '/api/session')).json().workspace.id).toBe(h.b.workspaceId);
  });

  it('shows a user of workspace B none of workspace A’s leads', async () => {
    const a = await h.tenant('A alone');
    const b = await h.tenant('B alone');
    const leadId = await h.createLead(a, 'secret-a@example.com');
    const userOfB = await h.signIn(await h.createUser(b.workspaceId));
    expect((await h.sessionCall(userOfB, 'GET', '/api/leads')).json().data).toEqual([]);
    expect((await h.sessionCall(userOfB, 'GET', `/api/leads/${leadId}`)).statusCode).toBe(404);
    expect((await h.sessionCall(userOfB, 'DELETE', `/api/leads/${leadId}`)).statusCode).toBe(404);
    expect(await h.countLeads(a.workspaceId)).toBe(1);
  });

  it('ends the session of a user removed from its workspace, and reads the role fresh', async () => {
    const user = await h.createUser(h.a.workspaceId, 'owner');
    const signedIn = await h.signIn(user);
    await h.users.addMembership(user.userId, h.a.workspaceId, 'member');
    expect((await h.sessionCall(signedIn, 'GET', '/api/session')).json().workspace.role).toBe('member');
    await h.gatewayDb.query('DELETE FROM memberships WHERE user_id = $1', [user.userId]);
    expect(await status(signedIn)).toBe(401);
  });
});
